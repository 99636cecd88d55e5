"""SIGA registers of a group: its forms by month with their state, print/PDF/Excel of K/0 and R/I,
"no meeting held" and handover, the BKB Kartu Kembang Anak, BKL elders' independence, officers;
across the scope: registers due and late, and children to refer."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses
from keluarga.akses import K
from keluarga.models import Anggota
from poktan import akses as pakses
from poktan import register as reg
from poktan import register_keluaran as keluaran
from poktan import services
from poktan import tata_letak as tl
from poktan.forms import (
    KemandirianForm,
    KkaFormSet,
    PengurusFormSet,
    SerahkanForm,
    TanpaPertemuanForm,
    pilih_bulan,
)
from poktan.kode import JenisKelompok, TingkatKemandirian
from poktan.models import KartuKembangAnak, Kelompok, q_terbuka_pada
from poktan.views.kelompok import _wajib_kelola, salin_error


def _kelompok_register(user, pk: int, kemampuan: K) -> Kelompok:
    k = pakses.kelompok_untuk(user, pk, kemampuan=kemampuan)
    if k.jenis not in tl.JENIS_REGISTER:
        raise Http404(_("Register K/0 dan R/I hanya untuk BKB, BKR, BKL, UPPKA dan PIK-R."))
    return k


def _ditolak(request, kelompok, e: ValidationError):
    return render(
        request,
        "poktan/register_ditolak.html",
        {"kelompok": kelompok, "pesan": " ".join(e.messages)},
        status=400,
    )


def _bulan_url(bulan: str) -> tuple[int, int]:
    try:
        tahun, b = (int(x) for x in bulan.split("-"))
        dt.date(tahun, b, 1)
    except ValueError as e:
        raise Http404 from e
    return tahun, b


def _kertas(request) -> str:
    return "f4" if request.GET.get("kertas") == "f4" else "a4"


def register(request, pk: int):
    """ROLES.md "SIGA registers K/0 and R/I, PUS register: print": a group's forms by month."""
    kelompok = _kelompok_register(request.user, pk, K.CETAK_REGISTER)
    hari = reg.hari_ini()
    tahun_k0 = [hari.year - i for i in range(3)]
    if kelompok.tanggal_berdiri:
        tahun_k0 = [t for t in tahun_k0 if t >= kelompok.tanggal_berdiri.year]
    return render(
        request,
        "poktan/register.html",
        {
            "kelompok": kelompok,
            "bulan_list": reg.daftar_bulan(kelompok, hari=hari),
            "k0_list": [(t, reg.status_k0(kelompok, t, hari=hari)) for t in tahun_k0],
            "tl_ri": tl.tata_letak(kelompok.jenis, "ri"),
            "tl_k0": tl.tata_letak(kelompok.jenis, "k0"),
            "bisa_tulis": akses.boleh(request.user, K.TULIS_POKTAN),
            "bisa_excel": akses.boleh(request.user, K.EKSPOR_REGISTER),
            "hari_ini": hari,
            "form_tanpa": TanpaPertemuanForm(initial={"bulan": hari.replace(day=1)}),
        },
    )


def _keluaran(request, kelompok, isi: dict, fmt: str, judul: str):
    """Print view, PDF or Excel of a filled form; every one writes the access log."""
    akses.catat_akses(request.user, "daftar_nama", f"{judul} {fmt}", request.get_full_path())
    if fmt == "cetak":
        return HttpResponse(keluaran.html_register(isi, kertas=_kertas(request), layar=True))
    if fmt == "pdf":
        resp = HttpResponse(
            keluaran.pdf_register(isi, kertas=_kertas(request)), content_type="application/pdf"
        )
        resp["Content-Disposition"] = f'attachment; filename="{keluaran.nama_berkas(isi, "pdf")}"'
        return resp
    resp = HttpResponse(
        keluaran.excel_register(isi),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="{keluaran.nama_berkas(isi, "xlsx")}"'
    return resp


def _ri(request, pk: int, bulan: str, fmt: str):
    kemampuan = K.EKSPOR_REGISTER if fmt == "xlsx" else K.CETAK_REGISTER
    kelompok = _kelompok_register(request.user, pk, kemampuan)
    tahun, b = _bulan_url(bulan)
    # Paper always masks NIK; the Excel file masks it for an "M" role (Penyuluh KB).
    samar = fmt != "xlsx" or akses.tingkat(request.user, K.EKSPOR_REGISTER) != "Y"
    try:
        isi = reg.isi_ri(kelompok, tahun, b, samar=samar)
    except ValidationError as e:
        return _ditolak(request, kelompok, e)
    return _keluaran(request, kelompok, isi, fmt, f"R/I {kelompok} {bulan}")


def _k0(request, pk: int, tahun: int, fmt: str):
    kemampuan = K.EKSPOR_REGISTER if fmt == "xlsx" else K.CETAK_REGISTER
    kelompok = _kelompok_register(request.user, pk, kemampuan)
    samar = fmt != "xlsx" or akses.tingkat(request.user, K.EKSPOR_REGISTER) != "Y"
    try:
        isi = reg.isi_k0(kelompok, tahun, samar=samar)
    except ValidationError as e:
        return _ditolak(request, kelompok, e)
    return _keluaran(request, kelompok, isi, fmt, f"K/0 {kelompok} {tahun}")


def ri_cetak(request, pk: int, bulan: str):
    """ROLES.md "SIGA registers ...: print" (NIK masked on paper)."""
    return _ri(request, pk, bulan, "cetak")


def ri_pdf(request, pk: int, bulan: str):
    """ROLES.md "SIGA registers ...: print" (NIK masked on paper)."""
    return _ri(request, pk, bulan, "pdf")


def ri_excel(request, pk: int, bulan: str):
    """ROLES.md "SIGA registers and PUS register as Excel" (Penyuluh KB: masked)."""
    return _ri(request, pk, bulan, "xlsx")


def k0_cetak(request, pk: int, tahun: int):
    """ROLES.md "SIGA registers ...: print" (NIK masked on paper)."""
    return _k0(request, pk, tahun, "cetak")


def k0_pdf(request, pk: int, tahun: int):
    """ROLES.md "SIGA registers ...: print" (NIK masked on paper)."""
    return _k0(request, pk, tahun, "pdf")


def k0_excel(request, pk: int, tahun: int):
    """ROLES.md "SIGA registers and PUS register as Excel" (Penyuluh KB: masked)."""
    return _k0(request, pk, tahun, "xlsx")


@require_POST
def tanpa_pertemuan(request, pk: int):
    """ROLES.md "Poktan registers, attendance (write)": a month with no meeting held."""
    kelompok = _kelompok_register(request.user, pk, K.TULIS_POKTAN)
    form = TanpaPertemuanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi bulan sebagai TTTT-BB."))
    else:
        b = form.cleaned_data["bulan"]
        try:
            services.catat_tanpa_pertemuan(
                kelompok=kelompok,
                tahun=b.year,
                bulan=b.month,
                alasan=form.cleaned_data["alasan"],
                oleh=request.user,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request, _("Dicatat: tidak ada pertemuan bulan %(b)s.") % {"b": f"{b:%m-%Y}"}
            )
    return redirect("poktan:register", pk=kelompok.pk)


@require_POST
def serahkan(request, pk: int):
    """ROLES.md "Poktan registers, attendance (write)": mark a K/0 or R/I handed over."""
    kelompok = _kelompok_register(request.user, pk, K.TULIS_POKTAN)
    form = SerahkanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih register yang diserahkan."))
    else:
        tahun, bulan = form.cleaned_data["periode"]
        try:
            services.serahkan_register(
                kelompok=kelompok,
                formulir=form.cleaned_data["formulir"],
                tahun=tahun,
                bulan=bulan,
                oleh=request.user,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Register ditandai sudah diserahkan."))
    return redirect("poktan:register", pk=kelompok.pk)


def kka(request, pk: int):
    """ROLES.md "Poktan registers, attendance (write)": the month's Kartu Kembang Anak of a BKB."""
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if kelompok.jenis != JenisKelompok.BKB:
        raise Http404(_("Kartu Kembang Anak hanya untuk BKB."))
    tahun, bulan = pilih_bulan(request.GET.get("bulan"))
    awal = dt.date(tahun, bulan, 1)
    anak = reg.anak_bkb(kelompok, tahun, bulan)
    sudah = {k.anggota_id: k for k in KartuKembangAnak.objects.filter(anggota__in=anak, bulan=awal)}

    def isian(k):
        if k is None:
            return ""
        return k.hasil if k.terisi else "tidak"

    awal_form = [{"anak": a.pk, "isian": isian(sudah.get(a.pk))} for a in anak]
    formset = KkaFormSet(request.POST or None, initial=awal_form, prefix="kka")
    if request.method == "POST" and formset.is_valid():
        per_id = {a.pk: a for a in anak}
        try:
            for f in formset.forms:
                d = f.cleaned_data
                a = per_id.get(d.get("anak"))
                if a is None:
                    raise ValidationError(_("Anak ini bukan dari keluarga anggota kelompok."))
                if not d.get("isian"):
                    continue
                services.simpan_kka(
                    kelompok=kelompok,
                    anggota=a,
                    bulan=awal,
                    terisi=d["isian"] != "tidak",
                    hasil="" if d["isian"] == "tidak" else d["isian"],
                    oleh=request.user,
                )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Kartu Kembang Anak tersimpan."))
            return redirect(f"{request.path}?bulan={tahun:04d}-{bulan:02d}")
    akses.catat_akses(
        request.user, "daftar_nama", _("KKA %(k)s") % {"k": kelompok}, request.get_full_path()
    )
    baris = list(zip(formset.forms, anak, strict=False))
    return render(
        request,
        "poktan/kka.html",
        {
            "kelompok": kelompok,
            "formset": formset,
            "baris": baris,
            "bulan": f"{tahun:04d}-{bulan:02d}",
            "awal": awal,
            "dirujuk": reg.anak_dirujuk(Kelompok.objects.filter(pk=kelompok.pk), tahun, bulan),
        },
        status=400 if request.method == "POST" else 200,
    )


def kemandirian(request, pk: int):
    """ROLES.md "Poktan registers, attendance (write)": BKL elders' level of independence."""
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if kelompok.jenis != JenisKelompok.BKL:
        raise Http404(_("Tingkat kemandirian hanya untuk BKL."))
    hari = reg.hari_ini()
    keluarga = kelompok.keanggotaan_set.filter(
        q_terbuka_pada(hari), keluarga__isnull=False
    ).values_list("keluarga_id", flat=True)
    lansia = reg.lansia_keluarga(kelompok, list(keluarga), hari)
    orang = [a for xs in lansia.values() for a in xs]
    form = KemandirianForm(request.POST or None, initial={"tanggal": hari})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        a = next((x for x in orang if x.pk == d["anggota"]), None)
        if a is None:
            form.add_error(None, _("Orang ini bukan lansia dari keluarga anggota kelompok."))
        else:
            try:
                services.simpan_kemandirian(
                    anggota=a, tanggal=d["tanggal"], tingkat=d["tingkat"], oleh=request.user
                )
            except ValidationError as e:
                salin_error(form, e)
            else:
                messages.success(request, _("Tingkat kemandirian %(n)s tersimpan.") % {"n": a.nama})
                return redirect("poktan:kemandirian", pk=kelompok.pk)
    tingkat = reg.kemandirian_pada([a.pk for a in orang], hari)
    label = dict(TingkatKemandirian.choices)
    akses.catat_akses(
        request.user, "daftar_nama", _("Lansia %(k)s") % {"k": kelompok}, request.get_full_path()
    )
    return render(
        request,
        "poktan/kemandirian.html",
        {
            "kelompok": kelompok,
            "form": form,
            "baris": [(a, label.get(tingkat.get(a.pk), "")) for a in orang],
            "pilihan": TingkatKemandirian.choices,
            "hari_ini": hari,
        },
        status=400 if form.is_bound else 200,
    )


def pengurus(request, pk: int):
    """ROLES.md "Poktan registers (write)", not the kader: officers and kader with K/0 details."""
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    _wajib_kelola(request.user)
    user_qs = (
        get_user_model()
        .objects.filter(lingkup__desa=kelompok.desa_id)
        .exclude(groups__name__in=[p.value for p in akses.PERAN_AGREGAT])
        .distinct()
        .order_by("username")
    )
    formset = PengurusFormSet(
        request.POST or None,
        instance=kelompok,
        prefix="p",
        user_qs=user_qs,
        anggota_qs=Anggota.objects.filter(desa_id=kelompok.desa_id),
    )
    if request.method == "POST" and formset.is_valid():
        try:
            for f in formset.forms:
                if not f.has_changed() or f in formset.deleted_forms:
                    continue
                f.instance.kelompok = kelompok
                services.simpan_pengurus(pengurus=f.save(commit=False), oleh=request.user)
            for f in formset.deleted_forms:
                if f.instance.pk:
                    f.instance.delete()
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Pengurus dan kader tersimpan."))
            return redirect("poktan:pengurus", pk=kelompok.pk)
    akses.catat_akses(
        request.user, "nik_penuh", _("Pengurus %(k)s") % {"k": kelompok}, request.get_full_path()
    )
    return render(
        request,
        "poktan/pengurus.html",
        {"kelompok": kelompok, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


def jatuh_tempo(request):
    """ROLES.md "SIGA registers K/0 and R/I ...: print": groups whose R/I is due or late, across
    the user's scope (the worklist of registers; the Penyuluh KB's view of their villages)."""
    akses.wajib(request.user, K.CETAK_REGISTER)
    data = reg.jatuh_tempo_dan_terlambat(pakses.kelompok_qs(request.user))
    return render(request, "poktan/jatuh_tempo.html", {**data, "hari_ini": reg.hari_ini()})


def rujukan_kka(request):
    """ROLES.md "Name lists for follow-up ... and poktan invite lists" (a kader: own groups): the
    BKB children of the user's groups whose KKA says "perlu rujuk" three months running. The
    referral itself is the family-assistance follow-up's (these children are on its "Anak perlu
    dirujuk" list with the reason KKA); this page points there and stays for a BKB chair, whose
    follow-up list covers only her own regions and team's area ("Family-assistance name
    lists"), not every family of her group."""
    akses.wajib(request.user, K.DAFTAR_NAMA)
    tahun, bulan = pilih_bulan(request.GET.get("bulan"))
    rows = reg.anak_dirujuk(pakses.kelompok_qs(request.user), tahun, bulan)
    akses.catat_akses(
        request.user, "daftar_nama", _("Anak perlu dirujuk (KKA)"), request.get_full_path()
    )
    tindak_lanjut = (
        list(akses.desa_qs(request.user).order_by("nama").values("kode", "nama"))
        if akses.boleh(request.user, K.PENDAMPINGAN)
        else []
    )
    return render(
        request,
        "poktan/rujukan_kka.html",
        {
            "rows": rows,
            "bulan": f"{tahun:04d}-{bulan:02d}",
            "awal": dt.date(tahun, bulan, 1),
            "tindak_lanjut": tindak_lanjut,
        },
    )
