"""Activities: list, plan (optionally from a saved name list), realisation, families reached,
photos (uploaded here, streamed only through the gated `foto` view), follow-up figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kampungkb import akses as ka
from kampungkb import kode as kk
from kampungkb import services
from kampungkb.akses import desa_untuk
from kampungkb.forms import FotoForm, KegiatanForm, RealisasiForm, tambah_galat
from kampungkb.models import FotoKegiatan, Kegiatan
from kampungkb.tindak_lanjut import tindak_lanjut
from keluarga import akses
from keluarga.akses import K
from keluarga.models import Anggota
from laporan import laporan as lap
from laporan.models import DaftarTersimpan


def daftar(request, kode: str):
    desa = desa_untuk(request.user, kode, K.KEGIATAN)
    qs = (
        ka.kegiatan_qs(request.user)
        .filter(desa=desa)
        .select_related("dusun", "rw__dusun", "rt__rw__dusun")
        .annotate(
            n_sasaran=Count("sasaran_set", distinct=True),
            n_dicapai=Count("sasaran_set", filter=Q(sasaran_set__dicapai=True), distinct=True),
            n_foto=Count("foto_set", distinct=True),
        )
        .order_by("-bulan_rencana", "tanggal_rencana", "pk")
    )
    bulan = request.GET.get("bulan") or ""
    if bulan:
        try:
            tahun, bln = lap.parse_bulan(bulan)
        except lap.LaporanDitolak:
            bulan = ""
        else:
            qs = qs.filter(bulan_rencana__year=tahun, bulan_rencana__month=bln)
    status = request.GET.get("status") or ""
    if status in kk.StatusKegiatan.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "kampungkb/kegiatan_daftar.html",
        {
            "desa": desa,
            "halaman": Paginator(qs, 30).get_page(request.GET.get("hal")),
            "bulan": bulan,
            "status": status,
            "pilihan_status": kk.StatusKegiatan.choices,
            "daftar_tersimpan": DaftarTersimpan.objects.filter(desa=desa)[:20],
        },
    )


def baru(request, kode: str):
    desa = desa_untuk(request.user, kode, K.KEGIATAN)
    rt_boleh = akses.rt_kader_ids(request.user)
    daftar_obj = None
    pk_daftar = request.POST.get("daftar") or request.GET.get("daftar")
    if pk_daftar:
        daftar_obj = get_object_or_404(
            DaftarTersimpan.objects.filter(desa=desa),
            pk=int(pk_daftar) if pk_daftar.isdigit() else 0,
        )
    # The pokja plans at its meeting early in the month, for that month.
    awal = {"bulan": f"{timezone.localdate():%Y-%m}"}
    if daftar_obj is not None:
        awal["sasaran"] = daftar_obj.judul
    form = KegiatanForm(
        request.POST or None,
        instance=Kegiatan(desa=desa),
        desa=desa,
        rt_boleh=rt_boleh,
        initial=awal,
    )
    if request.method == "POST" and form.is_valid():
        try:
            kegiatan = services.rencanakan_kegiatan(
                desa=desa,
                data=form.data_model(),
                wilayah=form.cleaned_data["wilayah"],
                daftar=daftar_obj,
                oleh=request.user,
                rt_boleh=rt_boleh,
            )
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            n = kegiatan.sasaran_set.count()
            messages.success(
                request,
                _("Kegiatan direncanakan.")
                + (" " + _("%(n)s sasaran dari daftar.") % {"n": n} if daftar_obj else ""),
            )
            return redirect(kegiatan)
    return render(
        request,
        "kampungkb/kegiatan_form.html",
        {"desa": desa, "form": form, "daftar": daftar_obj, "baru": True},
    )


def ubah(request, pk: int):
    kegiatan = ka.kegiatan_untuk(request.user, pk, ubah=True)
    rt_boleh = akses.rt_kader_ids(request.user)
    form = KegiatanForm(
        request.POST or None, instance=kegiatan, desa=kegiatan.desa, rt_boleh=rt_boleh
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ubah_kegiatan(
                kegiatan=kegiatan,
                data=form.data_model(),
                wilayah=form.cleaned_data["wilayah"],
                oleh=request.user,
                versi=form.cleaned_data.get("versi"),
                rt_boleh=rt_boleh,
            )
        except services.KonflikEdit as e:
            messages.error(request, e.messages[0])
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            messages.success(request, _("Rencana kegiatan tersimpan."))
            return redirect(kegiatan)
    return render(
        request,
        "kampungkb/kegiatan_form.html",
        {"desa": kegiatan.desa, "form": form, "kegiatan": kegiatan, "baru": False},
    )


def detail(request, pk: int):
    kegiatan = ka.kegiatan_untuk(request.user, pk)
    bisa_ubah = ka.boleh_ubah(request.user, kegiatan)
    kepala = Anggota.objects.filter(keluarga=OuterRef("keluarga_id"), hubungan="1").values("nama")
    boleh = (
        ka.sasaran_boleh_centang(request.user, kegiatan)
        .select_related("anggota", "keluarga__rumah__rt__rw")
        .annotate(nama_kepala=Subquery(kepala[:1]))
    )
    sasaran = list(boleh)
    n_semua = kegiatan.sasaran_set.count()
    if sasaran:
        akses.catat_akses(
            request.user, "daftar_nama", f"Sasaran kegiatan {kegiatan.judul}", request.path
        )
    foto = list(kegiatan.foto_set.all())
    return render(
        request,
        "kampungkb/kegiatan_detail.html",
        {
            "desa": kegiatan.desa,
            "k": kegiatan,
            "bisa_ubah": bisa_ubah,
            "sasaran": sasaran,
            "n_luar": n_semua - len(sasaran),
            "n_semua": n_semua,
            "n_dicapai": kegiatan.sasaran_set.filter(dicapai=True).count(),
            "form_realisasi": RealisasiForm(
                initial={
                    "status": kegiatan.status,
                    "tanggal_realisasi": kegiatan.tanggal_realisasi,
                    "jumlah_hadir": kegiatan.jumlah_hadir,
                    "catatan_realisasi": kegiatan.catatan_realisasi,
                    "versi": kegiatan.versi,
                }
            ),
            "form_foto": FotoForm(),
            "foto": foto,
            "tindak_lanjut": tindak_lanjut(kegiatan),
            "terlaksana": kegiatan.status == kk.StatusKegiatan.TERLAKSANA,
        },
    )


@require_POST
def realisasi(request, pk: int):
    kegiatan = ka.kegiatan_untuk(request.user, pk, ubah=True)
    form = RealisasiForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.catat_realisasi(
                kegiatan=kegiatan,
                status=d["status"],
                tanggal_realisasi=d["tanggal_realisasi"],
                jumlah_hadir=d["jumlah_hadir"],
                catatan_realisasi=d["catatan_realisasi"],
                oleh=request.user,
                versi=d.get("versi"),
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Pelaksanaan kegiatan tersimpan."))
    else:
        messages.error(request, _("Periksa isian pelaksanaan kegiatan."))
    return redirect(kegiatan)


@require_POST
def centang(request, pk: int):
    kegiatan = ka.kegiatan_untuk(request.user, pk)
    try:
        dicapai = {int(x) for x in request.POST.getlist("dicapai")}
    except ValueError as e:
        raise Http404 from e
    try:
        n = services.centang_sasaran(
            kegiatan=kegiatan,
            boleh=ka.sasaran_boleh_centang(request.user, kegiatan),
            dicapai=dicapai,
            oleh=request.user,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(n)s sasaran tercatat terjangkau.") % {"n": n})
    return redirect(kegiatan)


@require_POST
def foto_unggah(request, pk: int):
    kegiatan = ka.kegiatan_untuk(request.user, pk)
    form = FotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.unggah_foto(
                kegiatan=kegiatan,
                berkas=form.cleaned_data["berkas"],
                keterangan=form.cleaned_data["keterangan"],
                oleh=request.user,
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Foto tersimpan."))
    else:
        messages.error(request, _("Pilih berkas foto."))
    return redirect(kegiatan)


def foto(request, pk: int):
    """Stream a photo to a logged-in user allowed to see it (never a public /media/ URL)."""
    obj = ka.foto_untuk(request.user, pk)
    try:
        berkas = obj.berkas.open("rb")
    except FileNotFoundError as e:
        raise Http404(_("Berkas foto tidak ditemukan.")) from e
    resp = FileResponse(berkas, content_type=obj.jenis_mime)
    resp["Content-Disposition"] = (
        f'inline; filename="foto-kegiatan-{obj.pk}.{obj.berkas.name.rsplit(".", 1)[-1]}"'
    )
    return resp


@require_POST
def foto_hapus(request, pk: int):
    obj = ka.foto_untuk(request.user, pk)
    kegiatan = ka.kegiatan_untuk(request.user, obj.kegiatan_id)
    if obj.diunggah_oleh_id != request.user.pk and not ka.boleh_ubah(request.user, kegiatan):
        messages.error(request, _("Hanya pengunggah atau pengelola kegiatan yang bisa menghapus."))
        return redirect(kegiatan)
    services.hapus_foto(foto=obj, oleh=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect(kegiatan)


def galeri(request, kode: str):
    """Photos of the desa's activities, newest first (Kepala Desa may view them)."""
    desa = desa_untuk(request.user, kode, K.FOTO_KEGIATAN)
    qs = FotoKegiatan.objects.filter(kegiatan__desa=desa).select_related("kegiatan")
    return render(
        request,
        "kampungkb/galeri.html",
        {
            "desa": desa,
            "halaman": Paginator(qs.order_by("-diunggah", "-pk"), 24).get_page(
                request.GET.get("hal")
            ),
            "bisa_kegiatan": akses.boleh(request.user, K.KEGIATAN),
        },
    )
