"""The Rumah DataKu profile and level (OFFICIAL.md §4)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kampungkb import kode as kk
from kampungkb import services
from kampungkb.forms import RumahDataKuForm, tambah_galat
from kampungkb.klasifikasi import aturan_rdk, tingkat_rumah_dataku
from kampungkb.models import RumahDataKu
from keluarga import akses
from keluarga.akses import K
from laporan.akses import desa_laporan

PILIHAN = {
    "sumber_dana": kk.SumberDanaPortal,
    "fasilitas": kk.FasilitasRDK,
    "penyajian": kk.PenyajianData,
    "pemanfaatan": kk.PemanfaatanData,
}


def aturan_tampil() -> list[dict]:
    """The level rule set, in level order, for reading."""
    return [
        {
            "tingkat": kk.TingkatRDK(t).label,
            "syarat": [{"syarat": kk.SyaratRDK(s).label, "minimal": n} for s, n in daftar],
        }
        for t, daftar in aturan_rdk().items()
    ]


def rumah_dataku(request, kode: str):
    """ROLES.md row "Kampung KB portal form, classification and Rumah DataKu level": the
    profile, the level reached and what the next one lacks (a kecamatan: no single-desa page)."""
    akses.wajib(request.user, K.PORTAL_KAMPUNG_KB)
    desa = desa_laporan(request.user, kode)
    t = tingkat_rumah_dataku(desa, timezone.localdate())
    rdk = t["rdk"]
    dicentang = set(rdk.kelompok_data) if rdk else set()
    pilih = {
        kolom: [str(c(v).label) for v in (getattr(rdk, kolom) if rdk else [])]
        for kolom, c in PILIHAN.items()
    }
    data = [
        {
            "label": kd.label,
            "ada": kd.value in t["hitungan"]["kelompok_data_ada"],
            "dari_aplikasi": kd.value in t["hitungan"]["kelompok_data_ada"]
            and kd.value not in dicentang,
        }
        for kd in kk.KelompokData
    ]
    return render(
        request,
        "kampungkb/rumah_dataku.html",
        {
            "desa": desa,
            "rdk": rdk,
            "tingkat": t,
            "pilih": pilih,
            "data": data,
            "bisa_ubah": akses.boleh(request.user, K.KELOLA_DESA),
        },
    )


def rumah_dataku_ubah(request, kode: str):
    """ROLES.md row "Users and roles inside its own desa; regions; Kampung KB profile; …"
    (Admin desa): the Rumah DataKu inputs, with the level rule set to read (a superuser edits
    it in Django admin)."""
    desa = desa_laporan(request.user, kode, K.KELOLA_DESA)
    obj = RumahDataKu.objects.filter(desa=desa).first() or RumahDataKu(desa=desa)
    form = RumahDataKuForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.simpan_rumah_dataku(desa=desa, data=form.cleaned_data, oleh=request.user)
        except ValidationError as e:
            tambah_galat(form, e)
        else:
            messages.success(request, _("Profil Rumah DataKu tersimpan."))
            return redirect("kampungkb:rumah_dataku", kode=desa.kode)
    return render(
        request,
        "kampungkb/rumah_dataku_form.html",
        {"desa": desa, "form": form, "aturan": aturan_tampil()},
    )
