"""Bad input, property-based: every data-entry form of keluarga/forms.py, and the family create
view over HTTP, answer missing, oversized and malformed fields with form errors, never a 500."""

import datetime as dt
import inspect

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keluarga import forms as kf
from keluarga import kode
from keluarga.akses import Peran
from keluarga.models import Keluarga
from tests import factories as f

PER_FORMULIR = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LEWAT_HTTP = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a careless clerk, a broken browser or an attacker might send in any field.
NAKAL = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.just("A" * 10_000),
    st.text(min_size=300, max_size=400),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"[0-9]{16}", fullmatch=True),
    st.sampled_from(
        [
            "\x00",
            "abc",
            "-1",
            "0",
            "1e309",
            "NaN",
            "-inf",
            "9" * 5000,
            "1.2.3",
            "12,5",
            "31-02-2024",
            "2024-13-45",
            "0000-00-00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "١٢٣",
            "３３２６０１",
            "null",
            "None",
            "[]",
            "{}",
            "on",
        ]
    ),
)
# Formset management numbers: small counts or garbage. A huge TOTAL_FORMS is bounded by Django
# (absolute_max, 2,000 forms) and tested once below rather than in every example.
KELOLA = st.one_of(
    st.integers(min_value=0, max_value=3).map(str),
    st.sampled_from(["", "abc", "-1", "1e309", "9" * 5000, "٣", "2.5", "\x00"]),
)
TANGGAL = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31))


def nilai_untuk(field: forms.Field) -> st.SearchStrategy[str]:
    """Values for one field: plausible ones of its kind, mixed with NAKAL."""
    baik = []
    if isinstance(field, forms.ModelChoiceField):
        pk = [str(o.pk) for o in field.queryset[:20]]
        if pk:
            baik.append(st.sampled_from(pk))
    elif isinstance(field, forms.ChoiceField):
        pilihan = [str(k) for k, v in field.choices if not isinstance(v, list | tuple)]
        if pilihan:
            baik.append(st.sampled_from(pilihan))
    if isinstance(field, forms.DateField):
        baik += [TANGGAL.map(dt.date.isoformat), TANGGAL.map(lambda d: d.strftime("%d-%m-%Y"))]
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        baik.append(st.integers(min_value=-5, max_value=10**6).map(str))
    if isinstance(field, forms.DecimalField):
        baik.append(st.decimals(min_value=-200, max_value=200, places=6, allow_nan=False).map(str))
    if isinstance(field, forms.BooleanField):
        baik.append(st.sampled_from(["on", "true", "false", "1", "0", "2", "3", "unknown"]))
    if isinstance(field, forms.CharField):
        baik.append(st.text(max_size=(field.max_length or 60) + 2))
    return st.one_of(*baik, NAKAL)


def isian_untuk(form: forms.BaseForm) -> st.SearchStrategy[dict]:
    """A POST for the form: each field present or missing, plausible or malformed."""
    return st.fixed_dictionaries(
        {},
        optional={form.add_prefix(nama): nilai_untuk(fld) for nama, fld in form.fields.items()},
    )


def isian_formset(formset) -> st.SearchStrategy[dict]:
    """A POST for the members' formset: management numbers and up to three member rows."""
    awalan = formset.prefix
    kelola = {
        f"{awalan}-{n}": KELOLA
        for n in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    }
    contoh = formset.empty_form
    baris = {
        f"{awalan}-{i}-{nama}": nilai_untuk(fld)
        for i in range(3)
        for nama, fld in contoh.fields.items()
    }
    return st.fixed_dictionaries({}, optional={**kelola, **baris})


@pytest.fixture
def kampung(db):
    desa = f.DesaFactory(kode="3326012001")
    rt = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    kel = f.KeluargaFactory(rumah__rt=rt, desa=desa, no_kk="3326010101250001")
    ibu = f.AnggotaFactory(
        keluarga=kel,
        hubungan=kode.HubunganKK.ISTRI,
        status_kawin=kode.StatusKawin.KAWIN,
        jenis_kelamin=kode.JenisKelamin.PEREMPUAN,
    )
    f.AnggotaFactory(
        keluarga=kel,
        hubungan=kode.HubunganKK.KEPALA,
        status_kawin=kode.StatusKawin.KAWIN,
        jenis_kelamin=kode.JenisKelamin.LAKI_LAKI,
    )
    admin = f.persona(Peran.ADMIN_DESA, desa=desa)
    return {"desa": desa, "rt": rt, "keluarga": kel, "ibu": ibu, "admin": admin}


# Every data-entry form of keluarga/forms.py, built as its view builds it.
FORMULIR = {
    "KeluargaForm": lambda k, d: kf.KeluargaForm(d, user=k["admin"]),
    "AnggotaForm": lambda k, d: kf.AnggotaForm(d, user=k["admin"]),
    "AnggotaKeluargaForm": lambda k, d: kf.AnggotaKeluargaForm(d, user=k["admin"]),
    "TanggalPeristiwaForm": lambda k, d: kf.TanggalPeristiwaForm(d),
    "KelahiranForm": lambda k, d: kf.KelahiranForm(d, keluarga=k["keluarga"], user=k["admin"]),
    "KematianForm": lambda k, d: kf.KematianForm(d, anggota=k["ibu"]),
    "PindahKeluarForm": lambda k, d: kf.PindahKeluarForm(d),
    "DatangForm": lambda k, d: kf.DatangForm(d, user=k["admin"]),
    "StatusKawinForm": lambda k, d: kf.StatusKawinForm(d),
    "PindahAnggotaForm": lambda k, d: kf.PindahAnggotaForm(d, user=k["admin"]),
    "KehamilanForm": lambda k, d: kf.KehamilanForm(d),
    "AkhiriKehamilanForm": lambda k, d: kf.AkhiriKehamilanForm(d),
    "StatusKBForm": lambda k, d: kf.StatusKBForm(d),
}


def test_every_data_entry_form_of_the_module_is_covered():
    ada = {
        nama
        for nama, obj in vars(kf).items()
        if inspect.isclass(obj)
        and issubclass(obj, forms.BaseForm)
        and obj.__module__ == kf.__name__
    }
    assert ada == set(FORMULIR)


def periksa(form):
    """The contract: is_valid() answers; a refusal carries Indonesian messages; a valid form
    holds values no longer than its fields allow."""
    with translation.override("id"):
        if form.is_valid():
            for nama, fld in form.fields.items():
                nilai = form.cleaned_data.get(nama)
                if isinstance(fld, forms.CharField) and fld.max_length and nilai:
                    assert len(nilai) <= fld.max_length
        else:
            pesan = [m for ms in form.errors.values() for m in ms]
            assert pesan and all(isinstance(m, str) and m.strip() for m in pesan)
            assert not any("This field" in m or "Enter a valid" in m for m in pesan), pesan


@pytest.mark.parametrize("nama", FORMULIR)
@PER_FORMULIR
@given(data=st.data())
def test_a_form_answers_any_post_with_errors_or_clean_values(kampung, nama, data):
    buat = FORMULIR[nama]
    isian = data.draw(isian_untuk(buat(kampung, None)), label="POST")
    periksa(buat(kampung, isian))


@PER_FORMULIR
@given(data=st.data())
def test_the_members_formset_answers_any_post(kampung, data):
    def buat(isian):
        return kf.AnggotaFormSet(
            isian, instance=kampung["keluarga"], user=kampung["admin"], prefix="agt"
        )

    isian = data.draw(isian_formset(buat(None)), label="POST")
    formset = buat(isian)
    with translation.override("id"):
        if not formset.is_valid():
            assert formset.non_form_errors() or any(formset.errors)


@pytest.mark.parametrize("nama", ["AnggotaForm", "KelahiranForm"])
def test_a_10000_character_name_is_refused_in_indonesian(kampung, nama):
    form = FORMULIR[nama](kampung, {"nama": "A" * 10_000})
    with translation.override("id"):
        assert not form.is_valid()
        assert "paling banyak 150 karakter" in " ".join(form.errors["nama"])


# --- over HTTP: the family create view with a logged-in admin ----------------------------------


def post_keluarga(rt, no_kk: str, nik: list[str]) -> dict:
    """A valid create-family POST (as tests/test_views_keluarga.py builds it), two members."""
    data = {
        "kel-no_kk": no_kk,
        "kel-rt": str(rt.pk),
        "kel-nomor_rumah": "12",
        "kel-alamat": "Jl. Melati",
        "kel-sumber_air": "ledeng",
        "kel-jamban": "sendiri_septic",
        "agt-TOTAL_FORMS": "2",
        "agt-INITIAL_FORMS": "0",
        "agt-MIN_NUM_FORMS": "0",
        "agt-MAX_NUM_FORMS": "1000",
    }
    anggota = [
        ("Budi Santoso", "L", "1985-03-15", "1", "kawin"),
        ("Siti Rahayu", "P", "1990-08-15", "3", "kawin"),
    ]
    for i, (nama, jk, lahir, hub, kawin) in enumerate(anggota):
        data.update(
            {
                f"agt-{i}-nik": nik[i],
                f"agt-{i}-nama": nama,
                f"agt-{i}-jenis_kelamin": jk,
                f"agt-{i}-tanggal_lahir": lahir,
                f"agt-{i}-hubungan": hub,
                f"agt-{i}-status_kawin": kawin,
                f"agt-{i}-keberadaan": "di_dalam",
            }
        )
    return data


KUNCI_TAMBAHAN = [
    "kel-lat",
    "kel-lng",
    "kel-luas_lantai",
    "kel-jumlah_penghuni",
    "kel-ks_1",
    "kel-pk_1",
    "kel-versi",
    "agt-0-usia_kawin_pertama",
    "agt-0-jumlah_anak_hidup",
    "agt-0-id",
    "agt-0-DELETE",
    "agt-1-terima_peringatan_nik",
    "agt-2-nama",
    "agt-2-tanggal_lahir",
]


@LEWAT_HTTP
@given(data=st.data())
def test_the_family_create_view_never_answers_a_bad_post_with_a_500(client, kampung, data):
    client.force_login(kampung["admin"])
    urut = data.draw(st.integers(min_value=0, max_value=9999), label="urut")
    dasar = post_keluarga(
        kampung["rt"],
        f"33260199{urut:08d}",
        [
            f.nik_untuk(dt.date(1985, 3, 15), "L", urut),
            f.nik_untuk(dt.date(1990, 8, 15), "P", urut),
        ],
    )
    kunci = data.draw(
        st.lists(st.sampled_from(sorted(dasar) + KUNCI_TAMBAHAN), max_size=6, unique=True),
        label="kunci",
    )
    ubah = {
        k: data.draw(st.one_of(st.none(), KELOLA if "_FORMS" in k else NAKAL), label=k)
        for k in kunci
    }
    for kunci, nilai in ubah.items():
        if nilai is None:
            dasar.pop(kunci, None)
        else:
            dasar[kunci] = nilai
    # The test client re-raises any exception of the view, so a crash fails here.
    r = client.post(reverse("keluarga:buat"), dasar)
    assert r.status_code in (200, 302, 400, 409), r.status_code
    if r.status_code == 200:  # refused with form errors (possibly on a hidden field)
        form, formset = r.context["form"], r.context["formset"]
        assert form.errors or formset.non_form_errors() or any(formset.errors)
    if r.status_code == 302:
        assert Keluarga.objects.filter(no_kk=dasar["kel-no_kk"]).exists()


def test_the_members_formset_caps_the_number_of_rows_it_builds():
    assert kf.AnggotaFormSet.absolute_max <= 100


def test_a_forged_member_count_is_refused_quickly(client, kampung):
    """Uncapped, TOTAL_FORMS=99999 built and rendered 2,000 member forms (about 3 minutes)."""
    client.force_login(kampung["admin"])
    data = post_keluarga(kampung["rt"], "3326019900000001", ["", ""])
    data["agt-TOTAL_FORMS"] = "99999"
    r = client.post(reverse("keluarga:buat"), data)
    assert r.status_code == 200
    formset = r.context["formset"]
    assert len(formset.forms) <= kf.AnggotaFormSet.absolute_max
    assert formset.non_form_errors()
    assert not Keluarga.objects.filter(no_kk="3326019900000001").exists()
