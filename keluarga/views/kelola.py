"""Admin desa's pages (users and roles, regions) and the printable per-RT buku data.

Thin views: the gate (``_desa_admin`` or ``akses.*``), a form, a write in ``forms_kelola``, a
message, a redirect. Mutations are POST only; each write function is one transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, Prefetch
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses, kode
from keluarga import forms_kelola as fk
from keluarga.akses import K, Peran
from keluarga.indicators import penduduk_pada, pus_pada
from keluarga.models import RT, RW, Anggota, Desa, Dusun, LogAkses, Rumah


def _desa_admin(request) -> Desa:
    """The one desa an Admin desa manages: 403 for other roles or a scope not of one desa."""
    akses.wajib(request.user, K.KELOLA_DESA)
    desa = list(akses.desa_qs(request.user)[:2])
    if len(desa) != 1:
        raise PermissionDenied(_("Lingkup Admin desa harus tepat satu desa."))
    return desa[0]


def _pesan_galat(e: ValidationError) -> str:
    return " ".join(e.messages)


# --- users -------------------------------------------------------------------------------------


def pengguna_daftar(request):
    desa = _desa_admin(request)
    pengguna = fk.pengguna_qs(desa).prefetch_related(
        "groups",
        "lingkup__dusun",
        Prefetch("lingkup__rw", queryset=RW.objects.select_related("dusun")),
        Prefetch("lingkup__rt", queryset=RT.objects.select_related("rw__dusun")),
    )
    label_peran = {Peran.KEPALA_DESA.value: desa.sebutan_kepala}
    baris = []
    for u in pengguna:
        p = fk.peran_pengguna(u)
        wilayah = desa.nama
        if p == Peran.KADER:
            lk = u.lingkup
            wilayah = ", ".join(
                [d.nama for d in lk.dusun.all()]
                + [fk.label_rw(x) for x in lk.rw.all()]
                + [fk.label_rt(x) for x in lk.rt.all()]
            )
        baris.append({"u": u, "peran": label_peran.get(p, p), "wilayah": wilayah})
    return render(request, "kelola/pengguna_daftar.html", {"desa": desa, "baris": baris})


def pengguna_baru(request):
    desa = _desa_admin(request)
    form = fk.PenggunaBaruForm(request.POST or None, desa=desa)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            u = fk.buat_pengguna(
                desa=desa,
                username=d["username"],
                nama=d["nama"],
                sandi=d["password1"],
                peran=d["peran"],
                dusun=d["dusun"],
                rw=d["rw"],
                rt=d["rt"],
                oleh=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Pengguna %(u)s dibuat.") % {"u": u.username})
            return redirect("kelola:pengguna")
    return render(request, "kelola/pengguna_form.html", {"desa": desa, "form": form, "baru": True})


def pengguna_ubah(request, pk: int):
    desa = _desa_admin(request)
    pengguna = akses.ambil(fk.pengguna_qs(desa).select_related("lingkup"), pk=pk)
    form = fk.PenggunaUbahForm(
        request.POST or None, desa=desa, pengguna=pengguna, oleh=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            fk.ubah_pengguna(
                pengguna=pengguna,
                desa=desa,
                nama=d["nama"],
                peran=d["peran"],
                aktif=d["aktif"],
                dusun=d["dusun"],
                rw=d["rw"],
                rt=d["rt"],
                oleh=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Pengguna %(u)s disimpan.") % {"u": pengguna.username})
            return redirect("kelola:pengguna")
    return render(
        request,
        "kelola/pengguna_form.html",
        {"desa": desa, "form": form, "pengguna": pengguna, "baru": False},
    )


def pengguna_sandi(request, pk: int):
    desa = _desa_admin(request)
    pengguna = akses.ambil(fk.pengguna_qs(desa), pk=pk)
    form = SetPasswordForm(pengguna, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fk.atur_sandi(
            pengguna=pengguna, sandi=form.cleaned_data["new_password1"], oleh=request.user
        )
        if pengguna.pk == request.user.pk:
            update_session_auth_hash(request, pengguna)
        messages.success(request, _("Kata sandi %(u)s sudah diganti.") % {"u": pengguna.username})
        return redirect("kelola:pengguna")
    return render(
        request, "kelola/pengguna_sandi.html", {"desa": desa, "form": form, "pengguna": pengguna}
    )


# --- regions -----------------------------------------------------------------------------------

_JENIS = {"dusun": Dusun, "rw": RW, "rt": RT}


def _wilayah(desa: Desa, jenis: str, pk: int):
    """A dusun, RW or RT of this desa, or 404."""
    model = _JENIS.get(jenis)
    if model is None:
        raise Http404(_("Jenis wilayah tidak dikenal."))
    qs = model.objects.filter(desa=desa)
    if model is RW:
        qs = qs.select_related("dusun")
    elif model is RT:
        qs = qs.select_related("rw__dusun")
    return akses.ambil(qs, pk=pk)


def wilayah(request):
    """Dusun → RW → RT of the desa with houses and families (on today) per region."""
    desa = _desa_admin(request)
    hari_ini = timezone.localdate()
    rumah = dict(
        Rumah.objects.filter(desa=desa)
        .values("rt")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("rt", "n")
    )
    keluarga = dict(
        penduduk_pada(hari_ini, [desa.pk])
        .values("rt")
        .annotate(n=Count("kel", distinct=True))
        .order_by()
        .values_list("rt", "n")
    )
    rt_per_rw = defaultdict(list)
    for rt in RT.objects.filter(desa=desa).order_by("nomor"):
        rt.jumlah_rumah, rt.jumlah_keluarga = rumah.get(rt.pk, 0), keluarga.get(rt.pk, 0)
        rt_per_rw[rt.rw_id].append(rt)
    rw_per_dusun = defaultdict(list)
    for rw in RW.objects.filter(desa=desa).order_by("nomor"):
        rw.rt_list = rt_per_rw[rw.pk]
        rw.jumlah_rumah = sum(r.jumlah_rumah for r in rw.rt_list)
        rw.jumlah_keluarga = sum(r.jumlah_keluarga for r in rw.rt_list)
        rw_per_dusun[rw.dusun_id].append(rw)
    dusun_list = list(Dusun.objects.filter(desa=desa).order_by("nama"))
    for d in dusun_list:
        d.rw_list = rw_per_dusun[d.pk]
        d.jumlah_rumah = sum(r.jumlah_rumah for r in d.rw_list)
        d.jumlah_keluarga = sum(r.jumlah_keluarga for r in d.rw_list)
    return render(
        request,
        "kelola/wilayah.html",
        {
            "desa": desa,
            "dusun_list": dusun_list,
            "jumlah_rumah": sum(rumah.values()),
            "jumlah_keluarga": sum(keluarga.values()),
            "hari_ini": hari_ini,
        },
    )


def wilayah_tambah(request, jenis: str, induk: int | None = None):
    """Add a dusun (no parent), an RW in a dusun, or an RT in an RW."""
    desa = _desa_admin(request)
    induk_obj = None
    if jenis == "dusun":
        form = fk.DusunForm(request.POST or None)
        judul = _("Tambah dusun")
    else:
        induk_obj = _wilayah(desa, {"rw": "dusun", "rt": "rw"}[jenis], induk)
        form = fk.NomorForm(request.POST or None)
        judul = _("Tambah %(j)s di %(w)s") % {"j": jenis.upper(), "w": fk.nama_wilayah(induk_obj)}
    if request.method == "POST" and form.is_valid():
        try:
            if jenis == "dusun":
                baru = fk.tambah_dusun(desa=desa, nama=form.cleaned_data["nama"], oleh=request.user)
            elif jenis == "rw":
                baru = fk.tambah_rw(
                    dusun=induk_obj, nomor=form.cleaned_data["nomor"], oleh=request.user
                )
            else:
                baru = fk.tambah_rt(
                    rw=induk_obj, nomor=form.cleaned_data["nomor"], oleh=request.user
                )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(w)s ditambahkan.") % {"w": fk.nama_wilayah(baru)})
            return redirect("kelola:wilayah")
    return render(request, "kelola/wilayah_form.html", {"desa": desa, "form": form, "judul": judul})


def wilayah_ubah(request, jenis: str, pk: int):
    """Rename a dusun, or renumber an RW or RT."""
    desa = _desa_admin(request)
    obj = _wilayah(desa, jenis, pk)
    judul = _("Ubah %(w)s") % {"w": fk.nama_wilayah(obj)}
    if jenis == "dusun":
        form = fk.DusunForm(request.POST or None, initial={"nama": obj.nama})
    else:
        form = fk.NomorForm(request.POST or None, initial={"nomor": obj.nomor})
    if request.method == "POST" and form.is_valid():
        nilai = form.cleaned_data["nama" if jenis == "dusun" else "nomor"]
        try:
            fk.ubah_wilayah(wilayah=obj, nilai=nilai, oleh=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(w)s disimpan.") % {"w": fk.nama_wilayah(obj)})
            return redirect("kelola:wilayah")
    return render(request, "kelola/wilayah_form.html", {"desa": desa, "form": form, "judul": judul})


@require_POST
def wilayah_hapus(request, jenis: str, pk: int):
    desa = _desa_admin(request)
    obj = _wilayah(desa, jenis, pk)
    nama = fk.nama_wilayah(obj)
    try:
        fk.hapus_wilayah(wilayah=obj, oleh=request.user)
    except ValidationError as e:
        messages.error(request, _pesan_galat(e))
    else:
        messages.success(request, _("%(w)s dihapus.") % {"w": nama})
    return redirect("kelola:wilayah")


# --- buku data per RT --------------------------------------------------------------------------


def _urut_nomor(nomor: str) -> tuple:
    """House numbers in natural order: 2 before 10, 3A after 3."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", nomor))


def buku_data_daftar(request):
    """The RTs whose buku data this user may print (a kader: own regions)."""
    akses.wajib(request.user, K.BACA_KELUARGA)
    rt_list = akses.rt_qs(request.user).select_related("rw__dusun", "desa")
    return render(request, "kelola/buku_data_daftar.html", {"rt_list": rt_list})


def buku_data(request, rt_id: int):
    """A printable per-RT update sheet: families, living members, blank columns for changes.

    A name list (access-logged); NIK and No KK are masked whatever the role (ROLES.md: printouts).
    """
    akses.wajib(request.user, K.BACA_KELUARGA)
    rt = akses.ambil(akses.rt_qs(request.user).select_related("rw__dusun", "desa"), pk=rt_id)
    hari_ini = timezone.localdate()
    hidup = Anggota.objects.filter(status_hidup=kode.StatusHidup.HIDUP).order_by(
        Cast("hubungan", IntegerField()), "tanggal_lahir", "pk"
    )
    keluarga_list = list(
        akses.keluarga_qs(request.user)
        .filter(rumah__rt=rt)
        .select_related("rumah")
        .prefetch_related(Prefetch("anggota_set", queryset=hidup, to_attr="hidup"))
    )
    keluarga_list = [k for k in keluarga_list if k.hidup]
    keluarga_list.sort(key=lambda k: (_urut_nomor(k.rumah.nomor), k.rumah_id, k.no_kk))
    status_kb = dict(
        pus_pada(hari_ini, [rt.desa_id]).filter(rt=rt.pk).values_list("pk", "status_kb")
    )
    label_kb = dict(kode.StatusKBPada.choices)
    nomor = 0
    for k in keluarga_list:
        k.no_kk_samar = akses.samarkan(k.no_kk)
        k.kepala = next((a for a in k.hidup if a.hubungan == kode.HubunganKK.KEPALA), None)
        for a in k.hidup:
            nomor += 1
            a.nomor_urut = nomor
            a.nik_samar = akses.samarkan(a.nik)
            a.status_kb_pada = label_kb.get(status_kb.get(a.pk), "")
    akses.catat_akses(
        request.user,
        LogAkses.Jenis.DAFTAR_NAMA,
        f"Buku data RT {rt.nomor}/RW {rt.rw.nomor} {rt.rw.dusun.nama}, {rt.desa.nama}",
        request.path,
    )
    return render(
        request,
        "kelola/buku_data.html",
        {
            "rt": rt,
            "keluarga_list": keluarga_list,
            "jumlah_anggota": nomor,
            "hari_ini": hari_ini,
            "baris_kosong": range(4),
        },
    )
