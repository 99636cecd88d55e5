"""Group list, group page (members, targets, invite list), create/edit a group, memberships."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses
from keluarga import kode as kode_keluarga
from keluarga.akses import K, Peran
from keluarga.models import Anggota, Keluarga
from poktan import akses as pakses
from poktan import indicators as pi
from poktan import register as reg
from poktan import services
from poktan import tata_letak as tl
from poktan.forms import AkhiriForm, KeanggotaanForm, KelompokForm, pilih_bulan
from poktan.kode import NAMA_PANJANG, URUTAN, JenisKelompok
from poktan.models import Keanggotaan, Kelompok, Pertemuan, q_terbuka_pada


def _hitung(qs):
    """A correlated COUNT(*) of a queryset filtered on OuterRef("pk")."""
    return Coalesce(
        Subquery(
            qs.order_by().values("kelompok").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _bulan(request):
    tahun, bulan = pilih_bulan(request.GET.get("bulan"))
    awal, akhir = pi.bulan_ini(tahun, bulan)
    return tahun, bulan, awal, akhir


def salin_error(form, e: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(e, "error_dict"):
        for field, errs in e.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, e)


def _baris_ringkasan(blok: dict[str, dict], jenis: str = "") -> list[dict]:
    return [
        {"jenis": j, "label": JenisKelompok(j).label, "nama": NAMA_PANJANG[j], **blok[j]}
        for j in JenisKelompok.values
        if jenis in ("", j)
    ]


def _daftar_agregat(request, tahun: int, bulan: int, akhir):
    """ROLES.md "Dashboard, monthly report … (aggregates)", Kecamatan column: per-type totals per
    desa (each desa's report block, ``pi.blok_poktan``), no group names and no links — the group
    pages are a name list (``K.DAFTAR_NAMA``), which this role lacks."""
    jenis = request.GET.get("jenis", "")
    if jenis not in JenisKelompok.values:
        jenis = ""
    desa_list = list(akses.desa_qs(request.user).order_by("nama", "kode"))
    per_desa = pi.blok_poktan_per_desa(tahun, bulan, [d.pk for d in desa_list])
    blok = pi.jumlah_blok_poktan(per_desa.values())
    return render(
        request,
        "poktan/daftar_agregat.html",
        {
            "ringkasan": _baris_ringkasan(blok),
            "gabungan": pi.partisipasi_gabungan(blok),
            "per_desa": [
                {"desa": d, "ringkasan": _baris_ringkasan(per_desa[d.pk], jenis)} for d in desa_list
            ],
            "bulan": f"{tahun:04d}-{bulan:02d}",
            "akhir": akhir,
            "jenis": jenis,
            "jenis_pilihan": JenisKelompok.choices,
        },
    )


def daftar(request):
    """ROLES.md "Dashboard, monthly report … (aggregates)": the groups in scope with their monthly
    counts; a role without name lists (Kecamatan) sees per-desa totals only."""
    akses.wajib(request.user, K.LIHAT_LAPORAN)
    tahun, bulan, awal, akhir = _bulan(request)
    if not akses.boleh(request.user, K.DAFTAR_NAMA):
        return _daftar_agregat(request, tahun, bulan, akhir)
    awal_aktif, _a = pi.jendela_aktif(tahun, bulan)
    qs = (
        pakses.kelompok_qs(request.user)
        .select_related("desa")
        .prefetch_related("wilayah_dusun", "wilayah_rw__dusun")
    )
    jenis = request.GET.get("jenis", "")
    if jenis in JenisKelompok.values:
        qs = qs.filter(jenis=jenis)
    anggota = Keanggotaan.objects.filter(q_terbuka_pada(akhir), kelompok=OuterRef("pk"))
    pertemuan = Pertemuan.objects.filter(
        kelompok=OuterRef("pk"), tanggal__gte=awal, tanggal__lte=akhir
    )
    qs = qs.annotate(
        jumlah_anggota=_hitung(anggota),
        anggota_aktif=_hitung(anggota.filter(pi.hadir_dalam(awal_aktif, akhir))),
        pertemuan_bulan=_hitung(pertemuan),
    ).order_by(
        "desa__nama",
        Case(*[When(jenis=j, then=Value(i)) for j, i in URUTAN.items()]),
        "nama",
    )
    desa_ids = list(akses.desa_qs(request.user).values_list("pk", flat=True))
    blok = pi.blok_poktan(tahun, bulan, desa_ids, rt_ids=akses.rt_kader_ids(request.user))
    ringkasan = _baris_ringkasan(blok)
    register = None
    if akses.boleh(request.user, K.CETAK_REGISTER):
        register = reg.jatuh_tempo_dan_terlambat(pakses.kelompok_qs(request.user))
    return render(
        request,
        "poktan/daftar.html",
        {
            "kelompok_list": qs,
            "ringkasan": ringkasan,
            "gabungan": pi.partisipasi_gabungan(blok),
            "bulan": f"{tahun:04d}-{bulan:02d}",
            "akhir": akhir,
            "jenis": jenis,
            "jenis_pilihan": JenisKelompok.choices,
            "bisa_kelola": _boleh_kelola(request.user),
            "banyak_desa": len(desa_ids) > 1,
            "kader": akses.peran(request.user) == Peran.KADER,
            "register": register,
        },
    )


def detail(request, pk: int):
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.DAFTAR_NAMA)
    tahun, bulan, awal, akhir = _bulan(request)
    nik_penuh = akses.boleh_nik_penuh(request.user)
    konteks = {
        "kelompok": kelompok,
        "nama_panjang": NAMA_PANJANG[kelompok.jenis],
        "ringkasan": pi.ringkasan_kelompok(kelompok, tahun, bulan),
        "anggota": list(pi.anggota_kelompok(kelompok, tahun, bulan)),
        "undangan": list(pi.daftar_undangan(kelompok, akhir)),
        "pertemuan": kelompok.pertemuan_set.select_related("topik")
        .annotate(
            n_hadir=Count("kehadiran_set", distinct=True),
            n_timbang=Count("penimbangan_set", distinct=True),
        )
        .order_by("-tanggal", "-id")[:12],
        "bulan": f"{tahun:04d}-{bulan:02d}",
        "akhir": akhir,
        "hari_ini": timezone.localdate(),
        "nik_penuh": nik_penuh,
        "bisa_tulis": akses.boleh(request.user, K.TULIS_POKTAN),
        "bisa_kelola": _boleh_kelola(request.user),
        "bisa_baca_keluarga": akses.boleh(request.user, K.BACA_KELUARGA),
    }
    if kelompok.posyandu:
        konteks["posyandu"] = pi.hitung_posyandu(
            tahun, bulan, [kelompok.desa_id], kelompok=kelompok
        )
        konteks["timbang_luar_s"] = list(pi.timbang_luar_s(tahun, bulan, kelompok))
        konteks["ibu_hamil"] = list(pi.ibu_hamil_wilayah(kelompok, akhir))
    if kelompok.uppka:
        konteks["keuangan"] = list(kelompok.keuangan_set.order_by("-bulan")[:12])
    if kelompok.jenis in tl.JENIS_REGISTER:
        konteks["register"] = _register_singkat(request.user, kelompok)
    akses.catat_akses(
        request.user,
        "daftar_nama",
        _("Anggota dan daftar undangan %(k)s") % {"k": kelompok},
        request.get_full_path(),
    )
    if nik_penuh:
        akses.catat_akses(request.user, "nik_penuh", str(kelompok), request.get_full_path())
    return render(request, "poktan/detail.html", konteks)


def _register_singkat(user, kelompok: Kelompok) -> dict:
    """The group page's register line: "R/I bulan ini" (the month whose R/I falls due next) and
    the months still late, for everyone who sees the group (its chair and kader too)."""
    hari = reg.hari_ini()
    tahun, bulan = reg.bulan_ri_berikut(hari)
    bulan_list = reg.daftar_bulan(kelompok, hari=hari)
    return {
        "ri_berikut": next((s for s in bulan_list if s.periode == dt.date(tahun, bulan, 1)), None),
        "terlambat": [s for s in bulan_list if s.terlambat],
        "bisa_cetak": akses.boleh(user, K.CETAK_REGISTER),
    }


# --- create and edit a group -----------------------------------------------------------------


def _boleh_kelola(user) -> bool:
    """Creating groups and choosing their kader: writers other than the kader themselves."""
    return akses.boleh(user, K.TULIS_POKTAN) and akses.peran(user) != Peran.KADER


def _wajib_kelola(user) -> None:
    akses.wajib(user, K.TULIS_POKTAN)
    if not _boleh_kelola(user):
        raise PermissionDenied(
            _("Kader mengisi register kelompoknya, tetapi tidak membuat kelompok.")
        )


def _form_kelompok(request, kelompok: Kelompok):
    baru = kelompok.pk is None
    form = KelompokForm(
        request.POST if request.method == "POST" else None, instance=kelompok, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.simpan_kelompok(
                kelompok=form.instance,
                wilayah_dusun=d["wilayah_dusun"],
                wilayah_rw=d["wilayah_rw"],
                kader=d["kader"],
                pengurus=d["pengurus"],
            )
        except ValidationError as e:
            salin_error(form, e)
        else:
            messages.success(request, _("Kelompok tersimpan."))
            return redirect(form.instance)
    return render(request, "poktan/kelompok_form.html", {"form": form, "baru": baru})


def kelompok_buat(request):
    _wajib_kelola(request.user)
    return _form_kelompok(request, Kelompok())


def kelompok_ubah(request, pk: int):
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    _wajib_kelola(request.user)
    return _form_kelompok(request, kelompok)


# --- members -------------------------------------------------------------------------------------


def _calon(user, kelompok: Kelompok) -> tuple:
    """Families and persons who may be added: the desa's, or for a kader those living in the
    group's area or in the kader's own regions."""
    keluarga = Keluarga.objects.filter(desa_id=kelompok.desa_id)
    orang = Anggota.objects.filter(desa_id=kelompok.desa_id, status_hidup="hidup")
    if akses.peran(user) == Peran.KADER:
        rt = pi.rt_wilayah(Kelompok.objects.filter(pk=kelompok.pk)).get(kelompok.pk, set())
        rt |= set(akses.rt_kader_ids(user) or [])
        keluarga = keluarga.filter(rumah__rt_id__in=sorted(rt))
        orang = orang.filter(keluarga__rumah__rt_id__in=sorted(rt))
    return keluarga, orang


def _cari(kelompok: Kelompok, keluarga, orang, q: str):
    """Up to 20 families (by head's name or No KK) or persons (by name or NIK)."""
    if kelompok.berbasis_keluarga:
        kepala = Anggota.objects.filter(
            keluarga=OuterRef("pk"),
            hubungan=kode_keluarga.HubunganKK.KEPALA,
            status_hidup=kode_keluarga.StatusHidup.HIDUP,
        ).values("nama")[:1]
        cocok = Anggota.objects.filter(Q(nama__icontains=q) | Q(nik__contains=q))
        return list(
            keluarga.filter(Q(no_kk__contains=q) | Q(pk__in=cocok.values("keluarga_id")))
            .select_related("rumah__rt__rw")
            .annotate(nama_kepala=Subquery(kepala))
            .order_by("no_kk")[:20]
        )
    return list(
        orang.filter(Q(nama__icontains=q) | Q(nik__contains=q))
        .select_related("keluarga__rumah__rt__rw")
        .order_by("nama", "pk")[:20]
    )


def anggota_tambah(request, pk: int):
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    keluarga, orang = _calon(request.user, kelompok)
    form = KeanggotaanForm(request.POST if request.method == "POST" else None, kelompok=kelompok)
    form.fields["keluarga"].queryset = keluarga
    form.fields["anggota"].queryset = orang
    if request.method == "POST" and form.is_valid():
        try:
            keanggotaan = form.simpan(oleh=request.user)
        except ValidationError as e:
            salin_error(form, e)
        else:
            messages.success(request, _("%(n)s menjadi anggota.") % {"n": keanggotaan.nama_tampil})
            return redirect(f"{kelompok.get_absolute_url()}#anggota")
    q = request.GET.get("q", "").strip()
    hasil = _cari(kelompok, keluarga, orang, q) if len(q) >= 3 else []
    if hasil:
        akses.catat_akses(
            request.user,
            "daftar_nama",
            _("Cari calon anggota %(k)s") % {"k": kelompok},
            request.get_full_path(),
        )
    return render(
        request,
        "poktan/anggota_tambah.html",
        {
            "kelompok": kelompok,
            "form": form,
            "q": q,
            "hasil": hasil,
            "hari_ini": timezone.localdate(),
            "nik_penuh": akses.boleh_nik_penuh(request.user),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def anggota_akhiri(request, pk: int):
    keanggotaan = pakses.keanggotaan_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    form = AkhiriForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal keluar."))
    else:
        try:
            services.akhiri_keanggotaan(
                keanggotaan=keanggotaan, selesai=form.cleaned_data["selesai"], oleh=request.user
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request, _("Keanggotaan %(n)s diakhiri.") % {"n": keanggotaan.nama_tampil}
            )
    return redirect(f"{keanggotaan.kelompok.get_absolute_url()}#anggota")
