"""Posyandu: a session with many children's weighings on one phone form; a child's growth chart."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from keluarga import akses
from keluarga.akses import K
from poktan import akses as pakses
from poktan import antropometri as antro
from poktan import services
from poktan.forms import BarisTimbangFormSetFactory, SesiForm, balita_desa
from poktan.grafik import Titik, svg_pertumbuhan
from poktan.models import Keanggotaan, Kelompok, Penimbangan, Pertemuan, q_terbuka_pada
from poktan.views.kelompok import salin_error

BARIS_KOSONG = 2


def _kunci(p_or_k) -> str:
    """A row's child: "a<id>" for a village child (Anggota), "l<id>" for one from outside."""
    if isinstance(p_or_k, Penimbangan):
        return f"a{p_or_k.anggota_id}" if p_or_k.anggota_id else f"l{p_or_k.anak_luar_id}"
    return f"a{p_or_k.anggota_id}" if p_or_k.anggota_id else f"l{p_or_k.pk}"


def _baris(kelompok: Kelompok, pertemuan: Pertemuan | None, tanggal: dt.date):
    """Initial rows (members open on the date, then children weighed here who are not members,
    then blank rows) and a label per child: name, age, last weight before the date."""
    terakhir = Penimbangan.objects.filter(tanggal__lt=tanggal, bb_u_tidak_wajar=False).order_by(
        "-tanggal", "-id"
    )
    milik = terakhir.filter(Q(anggota=OuterRef("anggota")) | Q(anak_luar=OuterRef("pk")))
    anggota = sorted(
        Keanggotaan.objects.filter(q_terbuka_pada(tanggal), kelompok=kelompok)
        .filter(Q(anggota__isnull=False) | Q(keluarga__isnull=True))
        .select_related("anggota")
        .annotate(
            berat_lalu=Subquery(milik.values("berat_kg")[:1]),
            tanggal_lalu=Subquery(milik.values("tanggal")[:1]),
            kms_lalu=Subquery(milik.values("kms")[:1]),
        ),
        key=lambda k: (k.nama_tampil.lower(), k.pk),
    )
    sudah = {}
    if pertemuan is not None:
        sudah = {
            _kunci(p): p for p in pertemuan.penimbangan_set.select_related("anggota", "anak_luar")
        }
    awal, label = [], {}
    for k in anggota:
        lahir = k.tanggal_lahir_anak
        info = ""
        if lahir and lahir <= tanggal:
            info = _("%(b)s bulan") % {"b": antro.umur_bulan(lahir, tanggal)}
        if k.berat_lalu is not None:
            info += " · " + _("terakhir %(kg)s kg (%(t)s)") % {
                "kg": f"{k.berat_lalu:.1f}".replace(".", ","),
                "t": k.tanggal_lalu.strftime("%d-%m-%Y"),
            }
        label[_kunci(k)] = (k.nama_tampil, info)
        baris = _awal(_kunci(k), sudah.pop(_kunci(k), None))
        baris.setdefault("kms", bool(k.kms_lalu))
        awal.append(baris)
    for kunci, p in sudah.items():
        label[kunci] = (p.nama_anak, _("bukan anggota posyandu ini"))
        awal.append(_awal(kunci, p))
    awal += [{"anak": ""} for _i in range(BARIS_KOSONG)]
    return awal, label, sudah


def _awal(kunci: str, p: Penimbangan | None) -> dict:
    if p is None:
        return {"anak": kunci}
    return {
        "anak": kunci,
        "berat": p.berat_kg,
        "tinggi": p.tinggi_cm,
        "cara_ukur": p.cara_ukur,
        "kms": p.kms,
        "lingkar_kepala": p.lingkar_kepala_cm,
        "lila": p.lila_cm,
    }


def _form_sesi(request, kelompok: Kelompok, pertemuan: Pertemuan | None):
    data = request.POST if request.method == "POST" else None
    form = SesiForm(data, instance=pertemuan or Pertemuan(kelompok=kelompok), kelompok=kelompok)
    tanggal = form.tanggal_acuan()
    awal, label, _lain = _baris(kelompok, pertemuan, tanggal)
    anggota_ids = [k[1:] for k in label if k.startswith("a")]
    formset = BarisTimbangFormSetFactory(
        data,
        initial=awal,
        prefix="anak",
        kelompok=kelompok,
        anak_lain_qs=balita_desa(kelompok, tanggal).exclude(pk__in=anggota_ids),
    )
    status = 200
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            pertemuan = services.simpan_sesi_posyandu(
                kelompok=kelompok,
                pertemuan=pertemuan,
                baris=formset.baris,
                oleh=request.user,
                **form.data_pertemuan(),
            )
        except services.KonflikEdit as e:
            messages.error(request, e.messages[0])
            status = 409
        except ValidationError as e:
            salin_error(form, e)
        else:
            n = pertemuan.penimbangan_set.count()
            messages.success(request, _("Sesi tersimpan: %(n)s anak ditimbang.") % {"n": n})
            ulang = [p.nama_anak for p in pertemuan.penimbangan_set.filter(perlu_ukur_ulang=True)]
            if ulang:
                messages.warning(
                    request,
                    _("Nilai tidak wajar, mohon ukur ulang: %(n)s.") % {"n": ", ".join(ulang)},
                )
            return redirect("poktan:sesi", pk=pertemuan.pk)
    hasil = {}
    if pertemuan is not None:
        hasil = {_kunci(p): p for p in pertemuan.penimbangan_set.all()}
    for f in formset:
        kunci = f["anak"].value() or ""
        f.nama_anak, f.info_anak = label.get(kunci, ("", ""))
        f.hasil = hasil.get(kunci)
    akses.catat_akses(
        request.user, "daftar_nama", _("Sesi posyandu %(k)s") % {"k": kelompok}, request.path
    )
    return render(
        request,
        "poktan/sesi_form.html",
        {
            "form": form,
            "formset": formset,
            "kelompok": kelompok,
            "pertemuan": pertemuan,
            "konflik": status == 409,
        },
        status=status,
    )


def sesi_baru(request, pk: int):
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if not kelompok.posyandu:
        raise Http404(_("Sesi penimbangan hanya untuk posyandu."))
    return _form_sesi(request, kelompok, None)


def sesi(request, pk: int):
    p = pakses.pertemuan_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if not p.kelompok.posyandu:
        return redirect("poktan:pertemuan", pk=p.pk)
    return _form_sesi(request, p.kelompok, p)


# --- growth chart ------------------------------------------------------------------------------


def _grafik(request, *, nama: str, jenis_kelamin: str, tanggal_lahir, timbangan, kembali):
    timbangan = list(timbangan.select_related("pertemuan__kelompok").order_by("tanggal", "id"))
    berat = [Titik(p.umur_hari, float(p.berat_kg), not p.bb_u_tidak_wajar) for p in timbangan]
    tinggi = [
        Titik(p.umur_hari, float(p.tinggi_dipakai), not p.tb_u_tidak_wajar)
        for p in timbangan
        if p.tinggi_dipakai is not None
    ]
    return render(
        request,
        "poktan/anak.html",
        {
            "nama": nama,
            "jenis_kelamin": jenis_kelamin,
            "tanggal_lahir": tanggal_lahir,
            "timbangan": timbangan,
            "svg_bb": mark_safe(svg_pertumbuhan("bb_u", jenis_kelamin, berat)),  # noqa: S308
            "svg_tb": mark_safe(svg_pertumbuhan("tb_u", jenis_kelamin, tinggi)),  # noqa: S308
            "kembali": kembali,
        },
    )


def anak(request, pk: int):
    a = pakses.anak_untuk(request.user, pk)
    kembali = (
        a.get_absolute_url()
        if akses.keluarga_qs(request.user).filter(pk=a.keluarga_id).exists()
        else ""
    )
    return _grafik(
        request,
        nama=a.nama,
        jenis_kelamin=a.jenis_kelamin,
        tanggal_lahir=a.tanggal_lahir,
        timbangan=a.penimbangan_set.all(),
        kembali=kembali,
    )


def anak_luar(request, pk: int):
    k = pakses.anak_luar_untuk(request.user, pk)
    if not (k.jenis_kelamin_luar and k.tanggal_lahir_luar):
        raise Http404(_("Anak ini belum punya jenis kelamin dan tanggal lahir."))
    return _grafik(
        request,
        nama=k.nama_luar,
        jenis_kelamin=k.jenis_kelamin_luar,
        tanggal_lahir=k.tanggal_lahir_luar,
        timbangan=k.penimbangan_set.all(),
        kembali=k.kelompok.get_absolute_url(),
    )
