"""Pages of the family-assistance team (ROLES.md rows "Family-assistance records" and
"Family-assistance name lists"; teams: "Users and roles … family-assistance teams").

Thin: gate (pendampingan/akses.py) → form → service → message → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from keluarga import akses as ka
from keluarga import indicators as ind
from keluarga import services as ks
from keluarga.akses import K
from keluarga.models import RT
from pendampingan import akses, services
from pendampingan import daftar as pd
from pendampingan import forms as pf
from pendampingan import indicators as pi
from pendampingan.kode import Sasaran
from pendampingan.models import Catin, Rujukan, TimPendamping


def _data(request):
    return request.POST if request.method == "POST" else None


def _simpan_form(form, aksi) -> bool:
    """Run the service; its ValidationError goes back onto the form."""
    if not form.is_valid():
        return False
    try:
        aksi(form.cleaned_data)
    except ValidationError as e:
        if hasattr(e, "error_dict"):
            for k, v in e.error_dict.items():
                form.add_error(k if k in form.fields else None, v)
        else:
            form.add_error(None, e)
        return False
    return True


def _halaman_form(request, form, aksi, pesan: str, ke, **konteks):
    """A write page on pendampingan/form.html: a POST the service accepts shows `pesan` and
    returns `ke()` (a redirect, built after saving); otherwise the form with `konteks`."""
    if request.method == "POST" and _simpan_form(form, aksi):
        messages.success(request, pesan)
        return ke()
    return render(request, "pendampingan/form.html", {**konteks, "form": form})


def _rt_qs(user, desa):
    ids = akses.rt_ids(user, desa)
    qs = RT.objects.filter(desa=desa).select_related("rw").order_by("rw__nomor", "nomor")
    return qs if ids is None else qs.filter(pk__in=ids)


def pilih(request):
    """Family-assistance records (read): start page, the user's (first) desa."""
    ka.wajib(request.user, K.PENDAMPINGAN)
    desa = ka.desa_qs(request.user).order_by("kode").first()
    if desa is None:
        raise Http404(_("Tidak ada desa dalam lingkup Anda."))
    return redirect("pendampingan:beranda", kode=desa.kode)


def beranda(request, kode: str):
    """Family-assistance records (read): the team's month for the user's area, and its lists."""
    desa = akses.desa_untuk(request.user, kode)
    hari = timezone.localdate()
    rt_ids = akses.rt_ids(request.user, desa)
    blok = pi.blok(hari.year, hari.month, [desa.pk], rt_ids)
    bulan = f"{hari:%Y-%m}"
    return render(
        request,
        "pendampingan/beranda.html",
        {
            "desa": desa,
            "bulan": bulan,
            "blok": blok,
            "kelompok": [(s.value, s.label, blok[s.value]) for s in Sasaran],
            "daftar": [(k, v, blok["daftar"][k]) for k, v in pd.JENIS.items()],
            "bisa_daftar": ka.boleh(request.user, K.DAFTAR_PENDAMPINGAN),
        },
    )


# --- brides-to-be ---------------------------------------------------------------------------


def catin_daftar(request, kode: str):
    """Family-assistance records (read): the brides-to-be of the user's area."""
    desa = akses.desa_untuk(request.user, kode)
    rt_ids = akses.rt_ids(request.user, desa)
    qs = Catin.objects.filter(desa=desa).select_related("rt").prefetch_related("skrining_set")
    if rt_ids is not None:
        qs = qs.filter(rt_id__in=rt_ids)
    baris = []
    for c in qs.order_by("tanggal_nikah", "rencana_nikah", "pk"):
        s = list(c.skrining_set.all())
        baris.append((c, [pi.RISIKO_LABEL[f] for f in pi.risiko_skrining(s[-1])] if s else None))
    return render(request, "pendampingan/catin_daftar.html", {"desa": desa, "baris": baris})


def catin_baru(request, kode: str):
    """Family-assistance records (write): register a bride-to-be."""
    desa = akses.desa_untuk(request.user, kode)
    form = pf.CatinForm(_data(request), rt_qs=_rt_qs(request.user, desa))
    hasil = {}

    def aksi(d):
        hasil["c"] = services.catat_catin(desa=desa, oleh=request.user, **d)

    return _halaman_form(
        request,
        form,
        aksi,
        _("Calon pengantin tercatat."),
        lambda: redirect("pendampingan:catin", pk=hasil["c"].pk),
        judul=_("Calon pengantin baru"),
        kembali=desa.kode,
    )


def catin(request, pk: int):
    """Family-assistance records (read): one bride-to-be, her screenings and visits."""
    c = akses.catin_untuk(request.user, pk)
    skrining = [
        (s, [pi.RISIKO_LABEL[f] for f in pi.risiko_skrining(s)]) for s in c.skrining_set.all()
    ]
    return render(
        request,
        "pendampingan/catin.html",
        {
            "c": c,
            "skrining": skrining,
            "kunjungan": c.kunjungan_set.all(),
            "imt": {s.pk: pi.imt(s.berat, s.tinggi) for s, _f in skrining},
            "kandidat": services.kandidat_anggota(c) if c.terbuka else [],
        },
    )


def catin_skrining(request, pk: int):
    """Family-assistance records (write): a bride-to-be's screening."""
    c = akses.catin_untuk(request.user, pk)
    form = pf.SkriningForm(_data(request))
    return _halaman_form(
        request,
        form,
        lambda d: services.catat_skrining(catin=c, **d),
        _("Skrining tersimpan."),
        lambda: redirect("pendampingan:catin", pk=c.pk),
        judul=_("Skrining calon pengantin"),
        subjek=c.nama,
    )


def catin_kunjungan(request, pk: int):
    """Family-assistance records (write): an accompaniment visit to a bride-to-be."""
    c = akses.catin_untuk(request.user, pk)
    form = pf.KunjunganForm(_data(request), sasaran=Sasaran.CATIN)
    return _halaman_form(
        request,
        form,
        lambda d: services.catat_kunjungan(sasaran=Sasaran.CATIN, catin=c, oleh=request.user, **d),
        _("Kunjungan tersimpan."),
        lambda: redirect("pendampingan:catin", pk=c.pk),
        judul=_("Kunjungan calon pengantin"),
        subjek=c.nama,
    )


def catin_nikah(request, pk: int):
    """Family-assistance records (write): record the wedding, linking the member a person
    confirms among those offered (same name and birth date, or NIK)."""
    c = akses.catin_untuk(request.user, pk)
    form = pf.NikahForm(_data(request), kandidat=services.kandidat_anggota(c))
    return _halaman_form(
        request,
        form,
        lambda d: services.tautkan_catin(
            catin=c, anggota=d["anggota"], tanggal_nikah=d["tanggal_nikah"]
        ),
        _("Pernikahan tercatat; data ditautkan ke anggota."),
        lambda: redirect("pendampingan:catin", pk=c.pk),
        judul=_("Catat pernikahan"),
        subjek=c.nama,
    )


# --- pregnancies ---------------------------------------------------------------------------


def hamil_daftar(request, kode: str):
    """Family-assistance records (read): pregnant women of the area, week and risk flags."""
    desa = akses.desa_untuk(request.user, kode)
    hari = timezone.localdate()
    b = pi.baca_bulan(hari.year, hari.month, [desa.pk], akses.rt_ids(request.user, desa))
    hamil = pd.kehamilan_terbuka(b.hamil)
    baris = [
        (
            k,
            pi.minggu_kehamilan(k, hari),
            [pi.RISIKO_LABEL[f] for f in b.hamil[i]],
        )
        for i, k in sorted(hamil.items(), key=lambda x: x[1].ibu.nama)
    ]
    return render(request, "pendampingan/hamil_daftar.html", {"desa": desa, "baris": baris})


def hamil_kunjungan(request, pk: int):
    """Family-assistance records (write): a pregnancy visit."""
    k = akses.kehamilan_untuk(request.user, pk)
    form = pf.KunjunganForm(_data(request), sasaran=Sasaran.IBU_HAMIL)
    minggu = pi.minggu_kehamilan(k, timezone.localdate())
    return _halaman_form(
        request,
        form,
        lambda d: services.catat_kunjungan(
            sasaran=Sasaran.IBU_HAMIL, kehamilan=k, oleh=request.user, **d
        ),
        _("Kunjungan tersimpan."),
        lambda: redirect("pendampingan:hamil_daftar", kode=k.ibu.desa.kode),
        judul=_("Kunjungan ibu hamil"),
        subjek=k.ibu.nama,
        keterangan=(
            _("Usia kehamilan: %(m)s minggu") % {"m": minggu}
            if minggu is not None
            else _("Usia kehamilan: tidak diketahui")
        ),
    )


# --- after a birth ---------------------------------------------------------------------------


def nifas(request, kode: str):
    """Family-assistance records (read): the visit list — mothers in the 42 days after a birth
    without a method yet, with the days left."""
    desa = akses.desa_untuk(request.user, kode)
    hari = timezone.localdate()
    baris = [
        (p, p.hari_tersisa(hari))
        for p in pi.daftar_kunjungan_nifas(hari, [desa.pk], akses.rt_ids(request.user, desa))
    ]
    return render(request, "pendampingan/nifas.html", {"desa": desa, "baris": baris, "hari": hari})


def nifas_kunjungan(request, pk: int):
    """Family-assistance records (write): a postpartum visit; the mother may start a method
    (KB status write: the kader's own regions, keluarga.akses)."""
    ibu = akses.anggota_untuk(request.user, pk)
    form = pf.KunjunganNifasForm(_data(request), sasaran=Sasaran.PASCA_PERSALINAN)

    @transaction.atomic
    def aksi(d):
        m, mulai = d.pop("metode"), d.pop("metode_mulai")
        services.catat_kunjungan(
            sasaran=Sasaran.PASCA_PERSALINAN, anggota=ibu, oleh=request.user, **d
        )
        if m:
            ka.wajib(request.user, K.TULIS_KB)
            if not ka.anggota_qs(request.user, tulis=True).filter(pk=ibu.pk).exists():
                raise ValidationError({"metode": _("Status KB ibu ini di luar wilayah Anda.")})
            ks.set_status_kb(anggota=ibu, mulai=mulai, metode=m, baru=True)

    return _halaman_form(
        request,
        form,
        aksi,
        _("Kunjungan tersimpan."),
        lambda: redirect("pendampingan:nifas", kode=ibu.desa.kode),
        judul=_("Kunjungan ibu pasca persalinan"),
        subjek=ibu.nama,
    )


# --- children to refer ------------------------------------------------------------------------


def rujukan_daftar(request, kode: str):
    """Family-assistance records (read): children with a signal this month and no open
    referral, and the open referrals."""
    desa = akses.desa_untuk(request.user, kode)
    hari = timezone.localdate()
    rt_ids = akses.rt_ids(request.user, desa)
    rows = pd.baris_daftar(
        "anak_dirujuk", ind.akhir_bulan(hari.year, hari.month), [desa.pk], rt_ids
    )
    terbuka = Rujukan.objects.filter(anak__desa=desa, selesai__isnull=True).select_related(
        "anak__keluarga__rumah"
    )
    if rt_ids is not None:
        terbuka = terbuka.filter(anak__keluarga__rumah__rt_id__in=rt_ids)
    return render(
        request,
        "pendampingan/rujukan_daftar.html",
        {"desa": desa, "rows": rows, "terbuka": terbuka},
    )


def anak_kunjungan(request, pk: int):
    """Family-assistance records (write): a visit to a child's family (baduta under 24 months
    on the visit date, else balita)."""
    anak = akses.anggota_untuk(request.user, pk)
    form = pf.KunjunganForm(_data(request), sasaran=Sasaran.BALITA)

    def aksi(d):
        baduta = d["tanggal"] < ind.tambah_bulan(anak.tanggal_lahir, 24)
        sasaran = Sasaran.BADUTA if baduta else Sasaran.BALITA
        services.catat_kunjungan(sasaran=sasaran, anggota=anak, oleh=request.user, **d)

    return _halaman_form(
        request,
        form,
        aksi,
        _("Kunjungan tersimpan."),
        lambda: redirect("pendampingan:rujukan_daftar", kode=anak.desa.kode),
        judul=_("Kunjungan keluarga anak"),
        subjek=anak.nama,
    )


def rujukan_baru(request, pk: int):
    """Family-assistance records (write): refer a child."""
    anak = akses.anggota_untuk(request.user, pk)
    form = pf.RujukanForm(_data(request))
    return _halaman_form(
        request,
        form,
        lambda d: services.catat_rujukan(anak=anak, oleh=request.user, **d),
        _("Rujukan tersimpan."),
        lambda: redirect("pendampingan:rujukan_daftar", kode=anak.desa.kode),
        judul=_("Rujuk anak"),
        subjek=anak.nama,
    )


def rujukan_ubah(request, pk: int):
    """Family-assistance records (write): a referral's outcome and follow-up."""
    r = akses.rujukan_untuk(request.user, pk)
    form = pf.RujukanForm(_data(request), instance=r)
    return _halaman_form(
        request,
        form,
        lambda d: services.ubah_rujukan(rujukan=r, **d),
        _("Rujukan diperbarui."),
        lambda: redirect("pendampingan:rujukan_daftar", kode=r.anak.desa.kode),
        judul=_("Hasil rujukan"),
        subjek=r.anak.nama,
    )


# --- teams --------------------------------------------------------------------------------------


def tim(request, kode: str):
    """Users and roles … family-assistance teams (Admin desa): the desa's teams, and a new one."""
    ka.wajib(request.user, K.KELOLA_DESA)
    desa = akses.desa_untuk(request.user, kode, K.KELOLA_DESA)
    return _tim_form(request, desa, TimPendamping(desa=desa))


def tim_ubah(request, pk: int):
    """Users and roles … family-assistance teams (Admin desa): change a team."""
    t = ka.ambil(akses.tim_qs(request.user).select_related("desa"), pk=pk)
    return _tim_form(request, t.desa, t)


def _tim_form(request, desa, t: TimPendamping):
    form = pf.TimForm(
        _data(request),
        instance=t,
        rt_qs=RT.objects.filter(desa=desa).select_related("rw").order_by("rw__nomor", "nomor"),
        kader_qs=akses.pengguna_kader(desa),
    )

    def aksi(d):
        t.nama = d["nama"]
        services.simpan_tim(tim=t, rt=list(d["rt"]), anggota=list(d["anggota"]))

    if request.method == "POST" and _simpan_form(form, aksi):
        messages.success(request, _("Tim pendamping tersimpan."))
        return redirect("pendampingan:tim", kode=desa.kode)
    return render(
        request,
        "pendampingan/tim.html",
        {
            "desa": desa,
            "form": form,
            "tim_list": TimPendamping.objects.filter(desa=desa).prefetch_related("rt", "anggota"),
            "ubah": t.pk,
        },
    )
