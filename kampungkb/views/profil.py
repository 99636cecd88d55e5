"""The Kampung KB profile, its pokja and the yearly village potential (Admin desa edits)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kampungkb import kode as kk
from kampungkb import services
from kampungkb.akses import desa_untuk
from kampungkb.forms import PokjaForm, PotensiForm, ProfilForm, tambah_galat
from kampungkb.kode import URUTAN_JABATAN
from kampungkb.models import AnggotaPokja, PotensiDesa, ProfilKampungKB
from kampungkb.ringkasan import konteks_potensi, penandatangan
from kampungkb.wilayah import rt_kampung_kb
from keluarga import akses
from keluarga.akses import K
from keluarga.models import RT


def profil(request, kode: str):
    desa = desa_untuk(request.user, kode, K.LIHAT_LAPORAN)
    obj = ProfilKampungKB.objects.filter(desa=desa).first()
    pokja = []
    rt_list = []
    if obj is not None:
        pokja = sorted(
            obj.pokja.all(),
            key=lambda a: (not a.aktif, URUTAN_JABATAN.get(a.jabatan, 99), a.nama),
        )
        if obj.cakupan != "desa":
            rt_list = list(
                RT.objects.filter(pk__in=rt_kampung_kb(desa)).select_related("rw__dusun")
            )
    return render(
        request,
        "kampungkb/profil.html",
        {
            "desa": desa,
            "profil": obj,
            "pokja": pokja,
            "rt_list": rt_list,
            "ttd": penandatangan(desa),
            "bisa_ubah": akses.boleh(request.user, K.KELOLA_DESA),
            "portal": _isian_portal(obj) if obj is not None else {},
        },
    )


def _isian_portal(p: ProfilKampungKB) -> dict:
    """The portal's profile inputs as labels, for reading."""
    return {
        "sumber_dana": [str(kk.SumberDanaPortal(v).label) for v in p.sumber_dana],
        "regulasi": [str(kk.Regulasi(v).label) for v in p.regulasi],
        "data_perencanaan": [str(kk.DataPerencanaan(v).label) for v in p.data_perencanaan],
        "mekanisme": [
            (str(label), getattr(p, f"get_{f}_display")())
            for f, label in kk.MEKANISME.items()
            if getattr(p, f)
        ],
    }


def profil_ubah(request, kode: str):
    desa = desa_untuk(request.user, kode, K.KELOLA_DESA)
    obj = ProfilKampungKB.objects.filter(desa=desa).first() or ProfilKampungKB(desa=desa)
    form = ProfilForm(request.POST or None, instance=obj, desa=desa)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = {k: v for k, v in d.items() if k not in ("wilayah", "versi")}
        try:
            services.simpan_profil(
                desa=desa, data=data, wilayah=d["wilayah"], oleh=request.user, versi=d.get("versi")
            )
        except services.KonflikEdit as e:
            messages.error(request, e.messages[0])
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            messages.success(request, _("Profil Kampung KB tersimpan."))
            return redirect("kampungkb:profil", kode=desa.kode)
    return render(request, "kampungkb/profil_form.html", {"desa": desa, "form": form})


def _profil_admin(request, kode: str):
    desa = desa_untuk(request.user, kode, K.KELOLA_DESA)
    obj = ProfilKampungKB.objects.filter(desa=desa).first()
    return desa, obj


def pokja_tambah(request, kode: str):
    desa, obj = _profil_admin(request, kode)
    if obj is None:
        messages.error(request, _("Isi dulu profil Kampung KB."))
        return redirect("kampungkb:profil_ubah", kode=desa.kode)
    form = PokjaForm(request.POST or None, instance=AnggotaPokja(profil=obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.simpan_pokja(profil=obj, data=form.cleaned_data, oleh=request.user)
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            messages.success(request, _("Anggota pokja ditambahkan."))
            return redirect("kampungkb:profil", kode=desa.kode)
    return render(
        request,
        "kampungkb/pokja_form.html",
        {"desa": desa, "form": form, "judul": _("Tambah anggota pokja")},
    )


def _anggota_pokja(request, pk: int) -> AnggotaPokja:
    akses.wajib(request.user, K.KELOLA_DESA)
    qs = AnggotaPokja.objects.filter(profil__desa__in=akses.desa_qs(request.user))
    return akses.ambil(qs.select_related("profil__desa"), pk=pk)


def pokja_ubah(request, pk: int):
    anggota = _anggota_pokja(request, pk)
    desa = anggota.profil.desa
    form = PokjaForm(request.POST or None, instance=anggota)
    if request.method == "POST" and form.is_valid():
        try:
            services.simpan_pokja(
                profil=anggota.profil, anggota=anggota, data=form.cleaned_data, oleh=request.user
            )
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            messages.success(request, _("Anggota pokja tersimpan."))
            return redirect("kampungkb:profil", kode=desa.kode)
    return render(
        request,
        "kampungkb/pokja_form.html",
        {"desa": desa, "form": form, "judul": _("Ubah anggota pokja"), "anggota": anggota},
    )


@require_POST
def pokja_hapus(request, pk: int):
    anggota = _anggota_pokja(request, pk)
    kode = anggota.profil.desa.kode
    services.hapus_pokja(anggota=anggota, oleh=request.user)
    messages.success(request, _("Anggota pokja dihapus."))
    return redirect("kampungkb:profil", kode=kode)


def _tahun(request) -> int:
    try:
        return int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def potensi(request, kode: str):
    desa = desa_untuk(request.user, kode, K.LIHAT_LAPORAN)
    tahun = _tahun(request)
    ctx = konteks_potensi(desa, tahun)
    ctx.update(
        tahun_ada=list(
            PotensiDesa.objects.filter(desa=desa).values_list("tahun", flat=True).order_by("-tahun")
        ),
        bisa_ubah=akses.boleh(request.user, K.KELOLA_DESA),
    )
    return render(request, "kampungkb/potensi.html", ctx)


def potensi_ubah(request, kode: str, tahun: int):
    desa = desa_untuk(request.user, kode, K.KELOLA_DESA)
    if not 2000 <= tahun <= 2100:
        raise Http404(_("Tahun di luar jangkauan."))
    obj = PotensiDesa.objects.filter(desa=desa, tahun=tahun).first()
    if obj is None:
        # Start a new year from the latest earlier record: most figures change little.
        awal = PotensiDesa.objects.filter(desa=desa, tahun__lt=tahun).order_by("-tahun").first()
        obj = PotensiDesa(desa=desa, tahun=tahun)
        if awal is not None:
            for f in PotensiDesa._meta.concrete_fields:
                if f.name not in ("id", "desa", "tahun", "diubah", "diubah_oleh"):
                    setattr(obj, f.attname, getattr(awal, f.attname))
    form = PotensiForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.simpan_potensi(
                desa=desa, tahun=tahun, data=form.cleaned_data, oleh=request.user
            )
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            messages.success(request, _("Potensi desa %(t)s tersimpan.") % {"t": tahun})
            return redirect(f"{reverse('kampungkb:potensi', args=[desa.kode])}?tahun={tahun}")
    return render(
        request, "kampungkb/potensi_form.html", {"desa": desa, "form": form, "tahun": tahun}
    )
