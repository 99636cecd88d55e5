"""Forms of the poktan workspace; the rules themselves live in the models and services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keluarga import akses
from keluarga import indicators as ind
from keluarga.akses import Peran
from keluarga.models import RW, Anggota, Dusun, Keluarga
from poktan import services
from poktan import tata_letak as tl
from poktan.kode import CaraUkur, HasilKka, JenisKelompok, SumberDana, TingkatKemandirian
from poktan.models import Keanggotaan, Kelompok, Pengurus, Pertemuan, Topik, q_terbuka_pada


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AngkaField(forms.DecimalField):
    """A measurement typed on a phone: "10,3" and "10.3" both mean ten point three."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 4)
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault("required", False)
        kwargs.setdefault("localize", True)  # show 8,0 like the rest of the page
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "autocomplete": "off", "size": 5}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        teks = str(value).strip().replace(",", ".")
        try:
            return Decimal(teks)
        except InvalidOperation as e:
            raise ValidationError(_("Tulis angka, misalnya 10,3."), code="invalid") from e


class BulanField(forms.DateField):
    """A month typed as YYYY-MM (input type=month); the value is its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        try:
            tahun, bulan = (int(x) for x in str(value).split("-")[:2])
            return dt.date(tahun, bulan, 1)
        except (TypeError, ValueError) as e:
            raise ValidationError(_("Tulis bulan sebagai TTTT-BB."), code="invalid") from e


def pilih_bulan(teks: str | None) -> tuple[int, int]:
    """The month of a ?bulan=YYYY-MM parameter (this month when missing or wrong)."""
    hari_ini = timezone.localdate()
    try:
        tahun, bulan = (int(x) for x in (teks or "").split("-"))
        dt.date(tahun, bulan, 1)
    except ValueError:
        return hari_ini.year, hari_ini.month
    if (tahun, bulan) > (hari_ini.year, hari_ini.month):
        return hari_ini.year, hari_ini.month
    return tahun, bulan


# --- groups --------------------------------------------------------------------------------------


def _label_wilayah(banyak_desa: bool):
    def label(obj):
        if isinstance(obj, RW):
            teks = f"RW {obj.nomor} · {obj.dusun.nama}"
        else:
            teks = f"{_('Dusun')} {obj.nama}"
        return f"{teks} ({obj.desa.nama})" if banyak_desa else teks

    return label


class KelompokForm(forms.ModelForm):
    """A group with its area, kader accounts and leaders."""

    pengurus = forms.CharField(
        label=_("Pengurus"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: Jabatan: Nama (misalnya Ketua: Siti Aminah)."),
    )

    class Meta:
        model = Kelompok
        fields = [
            "desa",
            "jenis",
            "nama",
            "wilayah_dusun",
            "wilayah_rw",
            "kader",
            "tanggal_berdiri",
            "aktif",
            "kode_kelompok",
            "nomor_register",
            "pembina_nomor",
            "pembina_nama",
            "pembina_jabatan",
            "sk_ada",
            "sk_nomor",
            "sk_tanggal",
            "sk_penerbit",
            "integrasi_lain",
            "proyek_prioritas",
        ]
        widgets = {
            "wilayah_dusun": forms.CheckboxSelectMultiple,
            "wilayah_rw": forms.CheckboxSelectMultiple,
            "kader": forms.CheckboxSelectMultiple,
            "tanggal_berdiri": DateInput,
            "sk_tanggal": DateInput,
        }
        help_texts = {
            "wilayah_dusun": _("Kosongkan dusun dan RW bila kelompok melayani seluruh desa."),
        }

    pilih_sumber_dana = forms.MultipleChoiceField(
        label=_("Sumber dana"),
        choices=SumberDana.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pilih_integrasi = forms.MultipleChoiceField(
        label=_("Integrasi dengan layanan lain"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pilih_materi = forms.MultipleChoiceField(
        label=_("Materi yang dimiliki"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        desa = akses.desa_qs(user)
        banyak = desa.count() > 1
        jenis = self.instance.jenis or (self.data.get("jenis") if self.is_bound else "")
        # The checklists depend on the type: every type's options, valid ones kept on save.
        semua = dict.fromkeys(tl.JENIS_REGISTER if not jenis else [jenis])
        self.fields["pilih_integrasi"].choices = _pilihan_gabung(tl.INTEGRASI, semua)
        self.fields["pilih_materi"].choices = _pilihan_gabung(tl.MATERI, semua)
        if jenis in tl.MILIK_KITA:
            self.fields["pilih_materi"].help_text = _(
                "Daftar materi %(j)s ini susunan kami (tidak ada daftar resmi)."
            ) % {"j": JenisKelompok(jenis).label}
        self.initial.setdefault("pilih_sumber_dana", self.instance.sumber_dana)
        self.initial.setdefault("pilih_integrasi", self.instance.integrasi)
        self.initial.setdefault("pilih_materi", self.instance.materi)
        self.fields["desa"].queryset = desa
        self.fields["wilayah_dusun"].queryset = Dusun.objects.filter(desa__in=desa).select_related(
            "desa"
        )
        self.fields["wilayah_rw"].queryset = RW.objects.filter(desa__in=desa).select_related(
            "desa", "dusun"
        )
        for nama in ("wilayah_dusun", "wilayah_rw"):
            self.fields[nama].label_from_instance = _label_wilayah(banyak)
        self.fields["kader"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Peran.KADER, lingkup__desa__in=desa)
            .distinct()
            .order_by("username")
        )
        if not banyak and desa.exists():
            self.fields["desa"].initial = desa.first()
            self.fields["desa"].widget = forms.HiddenInput()
        if self.instance.pk:
            self.fields["desa"].disabled = True
            if self.instance.keanggotaan_set.exists():
                self.fields["jenis"].disabled = True
            self.initial["pengurus"] = "\n".join(
                f"{p.jabatan}: {p.nama}" for p in self.instance.pengurus_set.all()
            )

    def clean_pengurus(self) -> list[tuple[str, str]]:
        hasil = []
        for baris in self.cleaned_data["pengurus"].splitlines():
            if not baris.strip():
                continue
            jabatan, pemisah, nama = baris.partition(":")
            if not pemisah or not nama.strip() or not jabatan.strip():
                raise ValidationError(_("Tulis setiap pengurus sebagai Jabatan: Nama."))
            hasil.append((jabatan.strip()[:60], nama.strip()[:150]))
        return hasil

    def clean(self):
        data = super().clean()
        jenis = data.get("jenis") or self.instance.jenis
        self.instance.sumber_dana = list(data.get("pilih_sumber_dana") or [])
        sah_integrasi = {k for k, _l in tl.INTEGRASI.get(jenis, [])}
        sah_materi = {k for k, _l in tl.MATERI.get(jenis, [])}
        self.instance.integrasi = [
            k for k in data.get("pilih_integrasi") or [] if k in sah_integrasi
        ]
        self.instance.materi = [k for k in data.get("pilih_materi") or [] if k in sah_materi]
        if jenis not in tl.PROYEK_PRIORITAS:
            data["proyek_prioritas"] = None
        if data.get("sk_ada") is False and (data.get("sk_nomor") or data.get("sk_tanggal")):
            self.add_error("sk_ada", _("Nomor/tanggal SK diisi, tetapi SK ditandai tidak ada."))
        desa = data.get("desa")
        for nama in ("wilayah_dusun", "wilayah_rw"):
            for w in data.get(nama) or []:
                if desa and w.desa_id != desa.pk:
                    self.add_error(nama, _("Wilayah harus di desa kelompok."))
        return data


def _pilihan_gabung(peta: dict, jenis) -> list:
    """Checklist options of the given types, one group of options per type when several."""
    if len(jenis) == 1:
        return list(peta.get(next(iter(jenis)), []))
    return [(str(JenisKelompok(j).label), list(peta.get(j, []))) for j in jenis]


class PengurusForm(forms.ModelForm):
    """One officer or kader of a group with the K/0 details."""

    class Meta:
        model = Pengurus
        fields = [
            "peran",
            "jabatan",
            "nama",
            "nik",
            "anggota",
            "user",
            "peserta_kb",
            "terlatih",
            "mulai",
            "selesai",
        ]
        widgets = {
            "mulai": DateInput,
            "selesai": DateInput,
            "anggota": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        labels = {"anggota": _("ID orang di data desa (boleh kosong)")}


class PengurusFormSetDasar(forms.BaseInlineFormSet):
    def __init__(self, *args, user_qs, anggota_qs, **kwargs):
        self.user_qs, self.anggota_qs = user_qs, anggota_qs
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["user"].queryset = self.user_qs
        form.fields["anggota"].queryset = self.anggota_qs
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["user"].queryset = self.user_qs
        form.fields["anggota"].queryset = self.anggota_qs
        return form


PengurusFormSet = forms.inlineformset_factory(
    Kelompok,
    Pengurus,
    form=PengurusForm,
    formset=PengurusFormSetDasar,
    extra=2,
    can_delete=True,
    max_num=60,
)


# --- members --------------------------------------------------------------------------------------


class KeanggotaanForm(forms.Form):
    """Add a family, a person of the desa, or someone from outside to a group."""

    keluarga = forms.ModelChoiceField(
        queryset=Keluarga.objects.none(), required=False, widget=forms.HiddenInput
    )
    anggota = forms.ModelChoiceField(
        queryset=Anggota.objects.none(), required=False, widget=forms.HiddenInput
    )
    nama_luar = forms.CharField(label=_("Nama"), max_length=150, required=False)
    jenis_kelamin_luar = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=[("", "—"), ("L", _("Laki-laki")), ("P", _("Perempuan"))],
        required=False,
    )
    tanggal_lahir_luar = forms.DateField(label=_("Tanggal lahir"), required=False, widget=DateInput)
    alamat_luar = forms.CharField(label=_("Alamat"), max_length=200, required=False)
    mulai = forms.DateField(label=_("Tanggal masuk"), widget=DateInput)

    def __init__(self, *args, kelompok: Kelompok, **kwargs):
        super().__init__(*args, **kwargs)
        self.kelompok = kelompok
        self.fields["keluarga"].queryset = Keluarga.objects.filter(desa_id=kelompok.desa_id)
        self.fields["anggota"].queryset = Anggota.objects.filter(desa_id=kelompok.desa_id)
        self.fields["mulai"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        pilihan = [
            bool(data.get("keluarga")),
            bool(data.get("anggota")),
            bool(data.get("nama_luar")),
        ]
        if sum(pilihan) != 1:
            raise ValidationError(
                _("Pilih satu keluarga atau orang, atau tulis nama dari luar desa.")
            )
        return data

    def simpan(self, oleh) -> Keanggotaan:
        d = self.cleaned_data
        return services.tambah_keanggotaan(
            kelompok=self.kelompok,
            mulai=d["mulai"],
            keluarga=d.get("keluarga"),
            anggota=d.get("anggota"),
            nama_luar=d.get("nama_luar") or "",
            jenis_kelamin_luar=d.get("jenis_kelamin_luar") or "",
            tanggal_lahir_luar=d.get("tanggal_lahir_luar"),
            alamat_luar=d.get("alamat_luar") or "",
            oleh=oleh,
        )


class AkhiriForm(forms.Form):
    selesai = forms.DateField(label=_("Tanggal keluar"), widget=DateInput)


# --- meetings ------------------------------------------------------------------------------------


class _PertemuanDasar(forms.ModelForm):
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Pertemuan
        fields = [
            "tanggal",
            "topik",
            "topik_lain",
            "kategori_narasumber",
            "narasumber",
            "kelompok_umur",
            "diskusi",
            "tempat",
            "catatan",
        ]
        widgets = {"tanggal": DateInput, "catatan": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, kelompok: Kelompok, **kwargs):
        super().__init__(*args, **kwargs)
        self.kelompok = kelompok
        self.fields["topik"].queryset = Topik.objects.filter(jenis=kelompok.jenis, aktif=True)
        if kelompok.jenis != JenisKelompok.BKB:
            del self.fields["kelompok_umur"]
        if self.instance.pk:
            self.initial["versi"] = self.instance.versi
        elif not self.initial.get("tanggal"):
            self.initial["tanggal"] = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("topik") and not data.get("topik_lain"):
            self.add_error("topik", _("Pilih topik atau tulis topik lain."))
        return data

    def tanggal_acuan(self) -> dt.date:
        """The date the member list is for: the posted date when valid, else the initial one."""
        if self.is_bound:
            try:
                return self.fields["tanggal"].clean(self.data.get(self.add_prefix("tanggal")))
            except ValidationError:
                pass
        return self.initial.get("tanggal") or timezone.localdate()

    def data_pertemuan(self) -> dict:
        d = self.cleaned_data
        return {
            "tanggal": d["tanggal"],
            "topik": d.get("topik"),
            "topik_lain": d.get("topik_lain") or "",
            "narasumber": d.get("narasumber") or "",
            "kategori_narasumber": d.get("kategori_narasumber") or "",
            "kelompok_umur": d.get("kelompok_umur") or "",
            "diskusi": d.get("diskusi"),
            "tempat": d.get("tempat") or "",
            "catatan": d.get("catatan") or "",
            "versi": d.get("versi") if self.instance.pk else None,
        }


class PertemuanForm(_PertemuanDasar):
    """A meeting and the quick checkbox list of members who attended."""

    hadir = forms.ModelMultipleChoiceField(
        label=_("Yang hadir"),
        queryset=Keanggotaan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, anggota_qs, **kwargs):
        super().__init__(*args, **kwargs)
        tanggal = self.tanggal_acuan()
        self.fields["hadir"].queryset = anggota_qs.filter(q_terbuka_pada(tanggal))
        self.fields["hadir"].label_from_instance = lambda k: k.nama_tampil
        if self.instance.pk and not self.is_bound:
            self.initial["hadir"] = list(
                self.instance.kehadiran_set.values_list("keanggotaan_id", flat=True)
            )


class SesiForm(_PertemuanDasar):
    """A posyandu session (its weighings come in a formset of BarisTimbangForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("topik"):
            self.initial["topik"] = self.fields["topik"].queryset.first()


class BarisTimbangForm(forms.Form):
    """One child's row: who (a member or a child from elsewhere), then the measurements."""

    anak = forms.CharField(widget=forms.HiddenInput, required=False)
    anak_lain = forms.ModelChoiceField(
        label=_("Anak lain"), queryset=Anggota.objects.none(), required=False
    )
    berat = AngkaField(label=_("BB (kg)"), min_value=Decimal("0.5"), max_value=Decimal("50"))
    tinggi = AngkaField(label=_("PB/TB (cm)"), min_value=Decimal("30"), max_value=Decimal("150"))
    cara_ukur = forms.ChoiceField(
        label=_("Cara ukur"),
        choices=[("", _("menurut umur"))] + list(CaraUkur.choices),
        required=False,
    )
    kms = forms.BooleanField(label=_("Buku KIA/KMS"), required=False)
    lingkar_kepala = AngkaField(
        label=_("LK (cm)"), min_value=Decimal("20"), max_value=Decimal("70")
    )
    lila = AngkaField(label=_("LiLA (cm)"), min_value=Decimal("5"), max_value=Decimal("35"))


class BarisTimbangFormSet(forms.BaseFormSet):
    """Rows of a session; resolves each row's child inside the posyandu's desa."""

    def __init__(self, *args, kelompok: Kelompok, anak_lain_qs, **kwargs):
        self.kelompok = kelompok
        self.anak_lain_qs = anak_lain_qs
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["anak_lain"].queryset = self.anak_lain_qs
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["anak_lain"].queryset = self.anak_lain_qs
        return form

    def clean(self):
        if any(self.errors):
            return
        self.baris: list[services.BarisTimbang] = []
        dilihat = set()
        anggota_ids, luar_ids = set(), set()
        for form in self.forms:
            kunci = form.cleaned_data.get("anak") or ""
            if kunci[:1] == "a" and kunci[1:].isdigit():
                anggota_ids.add(int(kunci[1:]))
            elif kunci[:1] == "l" and kunci[1:].isdigit():
                luar_ids.add(int(kunci[1:]))
        anggota = Anggota.objects.filter(
            pk__in=anggota_ids, desa_id=self.kelompok.desa_id
        ).in_bulk()
        luar = Keanggotaan.objects.filter(
            pk__in=luar_ids, kelompok=self.kelompok, keluarga=None, anggota=None
        ).in_bulk()
        for form in self.forms:
            d = form.cleaned_data
            kunci = d.get("anak") or ""
            anak = luar_anak = None
            if d.get("anak_lain"):
                anak = d["anak_lain"]
            elif kunci[:1] == "a":
                anak = anggota.get(int(kunci[1:]) if kunci[1:].isdigit() else 0)
            elif kunci[:1] == "l":
                luar_anak = luar.get(int(kunci[1:]) if kunci[1:].isdigit() else 0)
            if anak is None and luar_anak is None:
                if d.get("berat") is not None:
                    raise ValidationError(_("Ada baris berisi berat tanpa nama anak."))
                continue
            identitas = ("a", anak.pk) if anak else ("l", luar_anak.pk)
            if identitas in dilihat:
                raise ValidationError(_("Seorang anak tercatat dua kali di sesi ini."))
            dilihat.add(identitas)
            if d.get("tinggi") is None and d.get("cara_ukur"):
                form.cleaned_data["cara_ukur"] = ""
            self.baris.append(
                services.BarisTimbang(
                    anggota=anak,
                    anak_luar=luar_anak,
                    berat_kg=d.get("berat"),
                    tinggi_cm=d.get("tinggi"),
                    cara_ukur=d.get("cara_ukur") or "",
                    kms=bool(d.get("kms")),
                    lingkar_kepala_cm=d.get("lingkar_kepala"),
                    lila_cm=d.get("lila"),
                )
            )


BarisTimbangFormSetFactory = forms.formset_factory(
    BarisTimbangForm, formset=BarisTimbangFormSet, extra=0, max_num=500, absolute_max=500
)


class KeuanganForm(forms.Form):
    bulan = BulanField(label=_("Bulan"))
    modal = forms.IntegerField(label=_("Modal (Rp)"), min_value=0, max_value=10**13)
    omzet = forms.IntegerField(label=_("Omzet bulan ini (Rp)"), min_value=0, max_value=10**13)
    catatan = forms.CharField(label=_("Catatan"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hari_ini = timezone.localdate()
        self.fields["bulan"].initial = hari_ini.replace(day=1)
        for nama in ("modal", "omzet"):
            self.fields[nama].widget.attrs.update(inputmode="numeric")

    def clean_bulan(self):
        bulan = self.cleaned_data["bulan"]
        hari_ini = timezone.localdate()
        if bulan > hari_ini:
            raise ValidationError(_("Bulan ini belum terjadi."))
        return bulan


def balita_desa(kelompok: Kelompok, tanggal: dt.date):
    """Balita living in the posyandu's desa on the date (for 'anak lain' rows)."""
    return (
        ind.penduduk_pada(tanggal, [kelompok.desa_id])
        .filter(ind.q_balita(tanggal))
        .order_by("nama", "pk")
    )


# --- SIGA registers -----------------------------------------------------------------------------


class KkaForm(forms.Form):
    """One BKB child's Kartu Kembang Anak of the month (a row of the month's KKA page)."""

    anak = forms.IntegerField(widget=forms.HiddenInput)
    isian = forms.ChoiceField(
        label=_("KKA"),
        choices=[
            ("", _("— belum dicatat")),
            ("tidak", _("Kartu tidak diisi")),
            (HasilKka.SESUAI, _("Diisi: sesuai")),
            (HasilKka.PERLU_RUJUK, _("Diisi: perlu rujuk")),
        ],
        required=False,
    )


KkaFormSet = forms.formset_factory(KkaForm, extra=0, max_num=500, absolute_max=500)


class KemandirianForm(forms.Form):
    anggota = forms.IntegerField(widget=forms.HiddenInput)
    tanggal = forms.DateField(label=_("Sejak tanggal"), widget=DateInput)
    tingkat = forms.ChoiceField(label=_("Tingkat kemandirian"), choices=TingkatKemandirian.choices)

    def clean_tanggal(self):
        t = self.cleaned_data["tanggal"]
        if t > timezone.localdate():
            raise ValidationError(_("Tanggal ini belum terjadi."))
        return t


class TanpaPertemuanForm(forms.Form):
    bulan = BulanField(label=_("Bulan"))
    alasan = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class SerahkanForm(forms.Form):
    formulir = forms.ChoiceField(choices=[("ri", "R/I"), ("k0", "K/0")])
    periode = forms.CharField(max_length=7)

    def clean_periode(self):
        teks = self.cleaned_data["periode"]
        try:
            bagian = [int(x) for x in teks.split("-")]
            tahun, bulan = bagian[0], (bagian[1] if len(bagian) > 1 else 1)
            dt.date(tahun, bulan, 1)
        except (ValueError, IndexError) as e:
            raise ValidationError(_("Periode tidak dikenal.")) from e
        return tahun, bulan
