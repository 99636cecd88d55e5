"""Import (upload → preview → confirm), templates and the family-list export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impor import ekspor, kolom, layanan
from impor.formulir import UnggahForm
from impor.models import Impor
from impor.templat import buat_templat
from keluarga import akses, kode
from keluarga.akses import K
from keluarga.filters import KeluargaFilter
from keluarga.models import Anggota, LogAkses

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UKURAN_HALAMAN = 100


def _unduhan(isi: bytes, nama: str) -> HttpResponse:
    r = HttpResponse(isi, content_type=XLSX)
    r["Content-Disposition"] = f'attachment; filename="{nama}"'
    r["Cache-Control"] = "no-store"
    return r


def _desa(user):
    desa = akses.desa_qs(user)
    if not desa.exists():
        raise PermissionDenied(_("Lingkup Anda belum punya desa."))
    return desa


def _impor(user, pk: int) -> Impor:
    akses.wajib(user, K.IMPOR)
    return akses.ambil(
        Impor.objects.filter(desa__in=akses.desa_qs(user)).select_related("desa", "oleh"), pk=pk
    )


def beranda(request):
    akses.wajib(request.user, K.IMPOR)
    desa = _desa(request.user)
    form = UnggahForm(request.POST or None, request.FILES or None, desa_qs=desa)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        hasil = layanan.pratinjau(
            berkas=d["berkas"], desa=d["desa"], pengguna=request.user, format=d["format"] or None
        )
        if hasil.impor.galat:
            messages.error(
                request,
                _("Berkas ini belum bisa diimpor: %(n)s kesalahan. Tidak ada yang disimpan.")
                % {"n": hasil.impor.galat},
            )
        else:
            messages.info(
                request,
                _("Pratinjau siap. Belum ada yang disimpan: periksa lalu tekan Simpan."),
            )
        return redirect("impor:pratinjau", pk=hasil.impor.pk)
    return render(
        request,
        "impor/beranda.html",
        {
            "form": form,
            "templat": [(k, v[0]) for k, v in kolom.TEMPLAT.items()],
            "riwayat": Impor.objects.filter(desa__in=desa).select_related("oleh", "desa")[:20],
        },
    )


def pratinjau(request, pk: int):
    impor = _impor(request.user, pk)
    jenis = request.GET.get("jenis")
    masalah = [m for m in impor.masalah if jenis in (None, "", m["jenis"])]
    halaman = Paginator(masalah, UKURAN_HALAMAN).get_page(request.GET.get("hal"))
    # Problems name people (of the file and of the desa): a view of a personal name list.
    akses.catat_akses(
        request.user,
        LogAkses.Jenis.DAFTAR_NAMA,
        _("Pratinjau impor %(f)s") % {"f": impor.nama_berkas},
        request.get_full_path(),
    )
    return render(
        request,
        "impor/pratinjau.html",
        {
            "impor": impor,
            "halaman": halaman,
            "jenis": jenis or "",
            "terpotong": len(impor.masalah) < impor.galat + impor.peringatan,
        },
    )


@require_POST
def tautan(request, pk: int):
    """At the door (issue 19): the link-or-create choices of the likely-duplicate rows; the
    preview is planned again with them (its fingerprint changes, so Simpan saves what it shows)."""
    impor = _impor(request.user, pk)
    hasil = layanan.pilih_tautan(
        impor=impor, pengguna=request.user, pilihan=request.POST.getlist("tautan")
    )
    if hasil is None:
        messages.error(
            request,
            _("Impor ini tidak menunggu konfirmasi (sudah disimpan, dibatalkan atau berisi "
              "kesalahan). Pilihan tidak diterapkan."),
        )  # fmt: skip
    else:
        messages.success(
            request,
            _("Pratinjau diperbarui: %(n)s baris ditautkan ke orang yang sudah tercatat.")
            % {"n": len(hasil.impor.tautan)},
        )
    return redirect("impor:pratinjau", pk=impor.pk)


@require_POST
def simpan(request, pk: int):
    impor = _impor(request.user, pk)
    if not impor.menunggu_konfirmasi or layanan.path_unggahan(impor) is None:
        messages.error(
            request,
            _("Impor ini tidak menunggu konfirmasi (sudah disimpan, dibatalkan atau berisi "
              "kesalahan). Tidak ada yang disimpan."),
        )  # fmt: skip
        return redirect("impor:pratinjau", pk=impor.pk)
    hasil = layanan.konfirmasi(impor=impor, pengguna=request.user)
    i = hasil.impor
    if hasil.sudah:
        messages.info(
            request,
            _("Impor ini sudah dikonfirmasi lewat permintaan lain (atau dibatalkan); tidak ada "
              "yang disimpan dua kali."),
        )  # fmt: skip
    elif hasil.berubah:
        messages.warning(
            request,
            _("Data di Rumah Dataku berubah sejak pratinjau dibuat. Tidak ada yang disimpan; "
              "periksa pratinjau terbaru di bawah lalu tekan Simpan lagi."),
        )  # fmt: skip
    elif hasil.tersimpan and hasil.rencana.ada_perubahan:
        messages.success(
            request,
            _("Impor tersimpan: %(b)s baris baru, %(u)s diubah, %(t)s tidak berubah.")
            % {"b": i.baru, "u": i.diubah, "t": i.tetap},
        )
    elif hasil.tersimpan:
        messages.info(request, _("Tidak ada perubahan: isi berkas sudah sama dengan data desa."))
    else:
        messages.error(
            request,
            _("Impor gagal; tidak ada yang disimpan. %(p)s")
            % {"p": i.pesan or _("%(n)s kesalahan.") % {"n": i.galat}},
        )
    return redirect("impor:pratinjau", pk=i.pk)


@require_POST
def batal(request, pk: int):
    impor = _impor(request.user, pk)
    if impor.status == Impor.Status.UJI:
        layanan.hapus_unggahan(impor)
        messages.info(request, _("Impor dibatalkan; tidak ada yang disimpan."))
    return redirect("impor:beranda")


def templat(request, jenis: str):
    akses.wajib(request.user, K.IMPOR)
    if jenis not in kolom.TEMPLAT:
        raise Http404(_("Templat tidak dikenal."))
    return _unduhan(buat_templat(jenis), kolom.TEMPLAT[jenis][1])


def _kepala():
    return Subquery(
        Anggota.objects.filter(
            keluarga=OuterRef("pk"),
            hubungan=kode.HubunganKK.KEPALA,
            status_hidup=kode.StatusHidup.HIDUP,
        ).values("nama")[:1]
    )


def ekspor_daftar(request):
    """The family list as filtered on the list page, with members; NIK masked for role M."""
    tingkat = akses.wajib(request.user, K.EKSPOR_NAMA)
    nik_penuh = tingkat == akses.Y and akses.boleh_nik_penuh(request.user)
    qs = akses.keluarga_qs(request.user).annotate(nama_kepala=_kepala()).order_by("no_kk", "pk")
    saring = KeluargaFilter(request.GET, queryset=qs, user=request.user)
    keluarga = saring.qs
    isi = ekspor.ekspor_daftar(keluarga, nik_penuh=nik_penuh)
    akses.catat_akses(
        request.user,
        LogAkses.Jenis.EKSPOR,
        _("Ekspor daftar keluarga (%(nik)s)")
        % {"nik": _("NIK penuh") if nik_penuh else _("NIK disamarkan")},
        request.get_full_path(),
    )
    return _unduhan(isi, ekspor.nama_berkas("daftar-keluarga"))
