"""Forms of the family workspace. Validation rules come from the models and validators."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from keluarga import akses, ganda, kode
from keluarga.models import Anggota, Keluarga
from keluarga.validators import nik_cocok, pesan_nik_terpakai, pesan_nik_tidak_cocok


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FormKapital:
    """Labels start with a capital letter, whatever the model's verbose_name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for fld in self.fields.values():
            if fld.label:
                fld.label = capfirst(fld.label)


class KeluargaForm(FormKapital, forms.ModelForm):
    """A family with its house: the RT is chosen among the user's writable RTs."""

    field_order = ["no_kk", "rt", "nomor_rumah", "alamat", "lat", "lng"]

    rt = forms.ModelChoiceField(label=_("RT"), queryset=None)
    nomor_rumah = forms.CharField(label=_("nomor rumah"), max_length=20, required=False)
    alamat = forms.CharField(label=_("alamat"), max_length=200, required=False)
    lat = forms.DecimalField(
        label=_("lintang (GPS)"), max_digits=9, decimal_places=6, required=False
    )
    lng = forms.DecimalField(label=_("bujur (GPS)"), max_digits=9, decimal_places=6, required=False)
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Keluarga
        fields = [
            "no_kk",
            "sumber_air",
            "jamban",
            "lantai",
            "dinding",
            "atap",
            "penerangan",
            "bahan_bakar",
            "kepemilikan_rumah",
            "luas_lantai",
            "jumlah_penghuni",
            "penerima_bansos",
        ]
        widgets = {"no_kk": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rt"].queryset = akses.rt_qs(user).select_related("rw__dusun")
        self.fields["rt"].label_from_instance = lambda rt: (
            f"{rt.rw.dusun.nama} · RW {rt.rw.nomor} · RT {rt.nomor}"
        )
        rumah = self.instance.rumah if self.instance.pk else None
        if rumah is not None:
            self.initial.update(
                rt=rumah.rt_id,
                nomor_rumah=rumah.nomor,
                alamat=rumah.alamat,
                lat=rumah.lat,
                lng=rumah.lng,
            )
            self.initial["versi"] = self.instance.versi
        # KS indicators: 21 Ya/Tidak/Tidak berlaku selects.
        pilihan = [("", "—")] + list(kode.JawabanKS.choices)
        for n in range(1, 22):
            self.fields[f"ks_{n}"] = forms.ChoiceField(
                label=_("Indikator KS %(n)s") % {"n": n}, choices=pilihan, required=False
            )
            self.initial.setdefault(f"ks_{n}", (self.instance.indikator_ks or {}).get(str(n), ""))
        for n, teks in kode.ITEM_PEMBANGUNAN_KELUARGA.items():
            self.fields[f"pk_{n}"] = forms.NullBooleanField(label=teks, required=False)
            self.initial.setdefault(
                f"pk_{n}", (self.instance.pembangunan_keluarga or {}).get(str(n))
            )

    def clean(self):
        data = super().clean()
        self.instance.indikator_ks = {
            str(n): data[f"ks_{n}"] for n in range(1, 22) if data.get(f"ks_{n}")
        }
        self.instance.pembangunan_keluarga = {
            str(n): data[f"pk_{n}"]
            for n in kode.ITEM_PEMBANGUNAN_KELUARGA
            if data.get(f"pk_{n}") is not None
        }
        return data

    def _post_clean(self):
        # The house is set by the service; validate the family without it here.
        exclude = self._get_validation_exclusions()
        exclude.update({"rumah", "desa"})
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(exclude=exclude, validate_unique=False)
        except forms.ValidationError as e:
            self._update_errors(e)
        self.validate_unique()


class AnggotaForm(FormKapital, forms.ModelForm):
    terima_peringatan_nik = forms.BooleanField(
        label=_("Simpan walau NIK tidak cocok dengan tanggal lahir/jenis kelamin"), required=False
    )

    class Meta:
        model = Anggota
        fields = [
            "nik",
            "nama",
            "jenis_kelamin",
            "tempat_lahir",
            "tanggal_lahir",
            "hubungan",
            "status_kawin",
            "usia_kawin_pertama",
            "akta_lahir",
            "agama",
            "pekerjaan",
            "pendidikan",
            "jkn",
            "keberadaan",
            "jumlah_anak_hidup",
        ]
        widgets = {
            "tanggal_lahir": DateInput(),
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.peringatan_nik = None

    def clean_nik(self):
        nik = (self.cleaned_data.get("nik") or "").strip() or None
        if nik:
            lain = Anggota.objects.filter(nik=nik).exclude(pk=self.instance.pk).first()
            if lain is not None:
                if (
                    self.user is not None
                    and akses.keluarga_qs(self.user).filter(pk=lain.keluarga_id).exists()
                ):
                    raise forms.ValidationError(
                        format_html(
                            'NIK ini sudah dipakai oleh <a href="{}">{}</a>.',
                            reverse("keluarga:detail", args=[lain.keluarga_id]),
                            lain.nama,
                        ),
                        code="nik_ganda",
                    )
                raise forms.ValidationError(pesan_nik_terpakai(), code="nik_ganda")
        return nik

    def clean(self):
        data = super().clean()
        nik, lahir, jk = data.get("nik"), data.get("tanggal_lahir"), data.get("jenis_kelamin")
        if nik and lahir and jk and not nik_cocok(nik, lahir, jk):
            self.peringatan_nik = pesan_nik_tidak_cocok(nik, lahir, jk)
            if not data.get("terima_peringatan_nik"):
                self.add_error("nik", self.peringatan_nik)
        return data

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        exclude.update({"keluarga", "desa"})
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except forms.ValidationError as e:
            self._update_errors(e)


class TanyaGanda:
    """At the door (issue 19): a form that is about to create a person asks once when the entry
    likely is someone already recorded in the user's scope (without a NIK, or with another one —
    keluarga.ganda.mirip_dengan): create a new person anyway, or use the existing one.

    The form calls `tanya_ganda(data, ...)` from its clean(); the answer goes in the `pakai` radio
    field ("baru", or the existing person's id), and the chosen person in
    cleaned_data["pakai_anggota"]. No answer while there are candidates is an error on `pakai`, so
    nothing is saved and the form is shown again with the question. Only people in the user's
    writable scope are ever proposed or named."""

    teks_baru = _("Bukan, buat orang baru")
    teks_pakai = _(
        "Ya, pakai %(nama)s (lahir %(lahir)s, KK %(kk)s; %(alasan)s) dan pindahkan ke keluarga ini"
    )
    pesan_pilih = _(
        "Data ini mirip orang yang sudah tercatat. Pilih: pakai data yang ada (orangnya "
        "dipindahkan ke keluarga ini), atau tetap buat orang baru."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pakai"] = forms.CharField(
            label=_("Mungkin orang ini sudah tercatat"), required=False, widget=forms.RadioSelect
        )
        self.calon_ganda = []

    def tanya_ganda(self, data: dict, *, lahir: str = "tanggal_lahir", **konteks) -> dict:
        """Ask (or read the answer) for the person in `data` (nama, jenis_kelamin, nik and the
        birth date under `lahir`); `konteks`: keluarga_id, ibu_id for ganda.mirip_dengan."""
        nama, jk, tanggal = data.get("nama"), data.get("jenis_kelamin"), data.get(lahir)
        if self.errors or self.user is None or not (nama and jk and tanggal):
            return data
        calon = ganda.mirip_dengan(
            nama=nama,
            jenis_kelamin=jk,
            tanggal_lahir=tanggal,
            nik=data.get("nik") or None,
            lingkup=akses.anggota_qs(self.user, tulis=True),
            **konteks,
        )
        if not calon:
            return data
        self.calon_ganda = calon
        self.fields["pakai"].widget.choices = [("baru", self.teks_baru)] + [
            (
                str(a.pk),
                self.teks_pakai
                % {
                    "nama": a.nama,
                    "lahir": a.tanggal_lahir.strftime("%d-%m-%Y"),
                    "kk": akses.samarkan(a.keluarga.no_kk),
                    "alasan": " · ".join(alasan),
                },
            )
            for a, _skor, alasan in calon
        ]
        jawab = data.get("pakai") or ""
        if jawab == "baru":
            return data
        cocok = {str(a.pk): a for a, _s, _a in calon}
        if jawab in cocok:
            data["pakai_anggota"] = cocok[jawab]
            return data
        self.add_error("pakai", self.pesan_pilih)
        return data


class AnggotaKeluargaForm(TanyaGanda, AnggotaForm):
    """A row of the family form: a new member row asks once when it likely is someone recorded
    (an id answer moves that person into this family instead of creating a row)."""

    def clean(self):
        data = super().clean()
        return (
            data
            if self.instance.pk
            else self.tanya_ganda(data, keluarga_id=self.instance.keluarga_id)
        )


class BaseAnggotaFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    def clean(self):
        super().clean()
        niks, kepala, dipakai = {}, 0, set()
        for form in self.forms:
            if (
                not hasattr(form, "cleaned_data")
                or form.cleaned_data.get("DELETE")
                or not form.has_changed()
                and not form.instance.pk
            ):
                continue
            nik = form.cleaned_data.get("nik")
            if nik and nik in niks:
                form.add_error("nik", _("NIK ini sudah diisi di baris lain formulir ini."))
            niks[nik] = True
            orang = form.cleaned_data.get("pakai_anggota")
            if orang is not None and orang.pk in dipakai:
                form.add_error("pakai", _("Orang ini sudah dipilih di baris lain formulir ini."))
            if orang is not None:
                dipakai.add(orang.pk)
            if (
                form.cleaned_data.get("hubungan") == kode.HubunganKK.KEPALA
                and form.instance.status_hidup == kode.StatusHidup.HIDUP
            ):
                kepala += 1
        if kepala > 1:
            raise forms.ValidationError(_("Satu keluarga hanya boleh punya satu kepala keluarga."))


AnggotaFormSet = inlineformset_factory(
    Keluarga,
    Anggota,
    form=AnggotaKeluargaForm,
    formset=BaseAnggotaFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    # A family never has this many members; a forged TOTAL_FORMS must not build thousands of forms.
    max_num=60,
    absolute_max=60,
    validate_max=True,
)


class TanggalPeristiwaForm(FormKapital, forms.Form):
    tanggal = forms.DateField(label=_("tanggal peristiwa"), widget=DateInput())
    tanggal_lapor = forms.DateField(label=_("tanggal lapor"), widget=DateInput(), required=False)
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)


class KelahiranForm(TanyaGanda, TanggalPeristiwaForm):
    """A birth. At the door: a newborn who likely is a child already recorded in scope (say,
    entered at the posyandu without a NIK) is asked about once; using that record moves the child
    into this family (or creates nothing when the child is already in it)."""

    ibu = forms.ModelChoiceField(label=_("ibu"), queryset=Anggota.objects.none(), required=False)
    nama = forms.CharField(label=_("nama bayi"), max_length=150)
    jenis_kelamin = forms.ChoiceField(label=_("jenis kelamin"), choices=kode.JenisKelamin.choices)
    nik = forms.CharField(label=_("NIK (bila sudah ada)"), max_length=16, required=False)
    akta_lahir = forms.ChoiceField(
        label=_("akta lahir"), choices=[("", "—")] + list(kode.AktaLahir.choices), required=False
    )

    teks_baru = _("Bukan, catat kelahiran baru")
    teks_pakai = _(
        "Ya, anak ini sudah tercatat: pakai data itu — %(nama)s (lahir %(lahir)s, KK %(kk)s; "
        "%(alasan)s)"
    )
    pesan_pilih = _(
        "Bayi ini mirip anak yang sudah tercatat. Pilih: pakai data yang ada (anaknya dipindahkan "
        "ke keluarga ini bila tercatat di keluarga lain), atau catat kelahiran baru."
    )

    def __init__(self, *args, keluarga, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keluarga, self.user = keluarga, user
        self.fields["ibu"].queryset = keluarga.anggota_set.filter(
            jenis_kelamin=kode.JenisKelamin.PEREMPUAN, status_hidup=kode.StatusHidup.HIDUP
        )

    def clean(self):
        ibu = self.cleaned_data.get("ibu")
        data = self.tanya_ganda(
            super().clean(),
            lahir="tanggal",
            keluarga_id=self.keluarga.pk,
            ibu_id=ibu.pk if ibu else None,
        )
        if data.get("pakai_anggota") is not None:
            data["sudah_di_sini"] = data["pakai_anggota"].keluarga_id == self.keluarga.pk
        return data


class KematianForm(TanggalPeristiwaForm):
    pasangan_cerai_mati = forms.ModelChoiceField(
        label=_("ubah status pasangan menjadi Cerai mati"),
        queryset=Anggota.objects.none(),
        required=False,
    )

    def __init__(self, *args, anggota, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pasangan_cerai_mati"].queryset = anggota.keluarga.anggota_set.filter(
            status_kawin=kode.StatusKawin.KAWIN, status_hidup=kode.StatusHidup.HIDUP
        ).exclude(pk=anggota.pk)


class PindahKeluarForm(TanggalPeristiwaForm):
    keterangan = forms.CharField(label=_("tujuan/keterangan"), max_length=200, required=False)


class DatangForm(TanyaGanda, TanggalPeristiwaForm, AnggotaForm):
    """A move in: either a new person, or a NIK that brings back someone who moved out.

    At the door (issue 19, TanyaGanda): when the entry likely is someone already recorded in the
    user's scope, the form asks once: create a new person anyway, or use the existing one (moved
    into this family)."""

    def clean(self):
        data = super().clean()
        if data.get("nik") and self._nik_kembali(data["nik"]):
            return data
        return self.tanya_ganda(data)

    def _nik_kembali(self, nik: str) -> bool:
        return Anggota.objects.filter(nik=nik, status_hidup=kode.StatusHidup.PINDAH).exists()

    def clean_nik(self):
        nik = (self.cleaned_data.get("nik") or "").strip() or None
        pindah = Anggota.objects.filter(nik=nik, status_hidup=kode.StatusHidup.PINDAH)
        if nik and pindah.filter(desa__in=akses.desa_qs(self.user)).exists():
            return nik  # the service brings this person back
        return super().clean_nik()


class StatusKawinForm(TanggalPeristiwaForm):
    status = forms.ChoiceField(
        label=_("status baru"),
        choices=[(s.value, s.label) for s in kode.StatusKawin if s != kode.StatusKawin.BELUM_KAWIN],
    )


class PindahAnggotaForm(FormKapital, forms.Form):
    no_kk_tujuan = forms.CharField(label=_("No KK keluarga tujuan"), max_length=16)
    hubungan = forms.ChoiceField(
        label=_("hubungan di keluarga tujuan"), choices=kode.HubunganKK.choices
    )
    tanggal = forms.DateField(label=_("tanggal pindah"), widget=DateInput())
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_no_kk_tujuan(self):
        no_kk = self.cleaned_data["no_kk_tujuan"].strip()
        tujuan = akses.keluarga_qs(self.user, tulis=True).filter(no_kk=no_kk).first()
        if tujuan is None:
            raise forms.ValidationError(_("Keluarga dengan No KK ini tidak ada di wilayah Anda."))
        self.cleaned_data["keluarga_tujuan"] = tujuan
        return no_kk


class KehamilanForm(FormKapital, forms.Form):
    hpht = forms.DateField(
        label=_("HPHT (hari pertama haid terakhir)"), widget=DateInput(), required=False
    )
    hpl = forms.DateField(label=_("HPL (perkiraan lahir)"), widget=DateInput(), required=False)
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AkhiriKehamilanForm(FormKapital, forms.Form):
    tanggal = forms.DateField(label=_("tanggal berakhir"), widget=DateInput())
    hasil = forms.ChoiceField(label=_("hasil"), choices=kode.HasilKehamilan.choices)
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StatusKBForm(FormKapital, forms.Form):
    metode = forms.ChoiceField(
        label=_("metode KB"), choices=[("", "—")] + list(kode.MetodeKB.choices), required=False
    )
    alasan = forms.ChoiceField(
        label=_("atau alasan tidak ber-KB"),
        choices=[("", "—")] + list(kode.AlasanTidakKB.choices),
        required=False,
    )
    niat = forms.ChoiceField(
        label=_("keinginan punya anak (untuk MAL atau KB tradisional)"),
        choices=[("", "—")] + list(kode.AlasanTidakKB.choices),
        required=False,
        help_text=_(
            "Portal Kampung KB hanya mengenal 7 metode: pemakai MAL atau KB tradisional "
            "dicatat di sana menurut keinginannya punya anak."
        ),
    )
    mulai = forms.DateField(label=_("mulai"), widget=DateInput())
    tempat_pelayanan = forms.CharField(label=_("tempat pelayanan"), max_length=100, required=False)
    baru = forms.BooleanField(
        label=_("peserta KB baru (pertama kali, atau mulai lagi setelah melahirkan/keguguran)"),
        required=False,
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("metode")) == bool(data.get("alasan")):
            raise forms.ValidationError(_("Isi metode KB atau alasan tidak ber-KB (salah satu)."))
        if data.get("baru") and not data.get("metode"):
            self.add_error("baru", _("Peserta KB baru hanya untuk yang memakai metode."))
        if data.get("niat") and data.get("metode") not in kode.METODE_NIAT:
            self.add_error(
                "niat", _("Keinginan punya anak hanya diisi untuk MAL atau KB tradisional.")
            )
        return data
