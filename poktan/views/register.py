"""The monthly register (R/I): a meeting with its attendance checkboxes; UPPKA capital/turnover."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keluarga import akses
from keluarga import kode as kode_keluarga
from keluarga.akses import K
from keluarga.models import Anggota
from poktan import akses as pakses
from poktan import services
from poktan.forms import KeuanganForm, PertemuanForm
from poktan.models import Keanggotaan, Kelompok, Pertemuan
from poktan.views.kelompok import salin_error


def _anggota_qs(kelompok: Kelompok):
    kepala = Anggota.objects.filter(
        keluarga=OuterRef("keluarga"),
        hubungan=kode_keluarga.HubunganKK.KEPALA,
        status_hidup=kode_keluarga.StatusHidup.HIDUP,
    ).values("nama")[:1]
    return (
        Keanggotaan.objects.filter(kelompok=kelompok)
        .select_related("anggota")
        .annotate(nama_kepala=Subquery(kepala))
        .order_by("nama_luar", "anggota__nama", "nama_kepala", "pk")
    )


def _form_pertemuan(request, kelompok: Kelompok, pertemuan: Pertemuan | None):
    form = PertemuanForm(
        request.POST if request.method == "POST" else None,
        instance=pertemuan or Pertemuan(kelompok=kelompok),
        kelompok=kelompok,
        anggota_qs=_anggota_qs(kelompok),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.simpan_pertemuan(
                kelompok=kelompok,
                pertemuan=pertemuan,
                hadir=form.cleaned_data["hadir"],
                oleh=request.user,
                **form.data_pertemuan(),
            )
        except services.KonflikEdit as e:
            messages.error(request, e.messages[0])
            status = 409
        except ValidationError as e:
            salin_error(form, e)
        else:
            messages.success(request, _("Pertemuan dan daftar hadir tersimpan."))
            return redirect(f"{kelompok.get_absolute_url()}#pertemuan")
    akses.catat_akses(
        request.user,
        "daftar_nama",
        _("Daftar hadir %(k)s") % {"k": kelompok},
        request.get_full_path(),
    )
    return render(
        request,
        "poktan/pertemuan_form.html",
        {"form": form, "kelompok": kelompok, "pertemuan": pertemuan, "konflik": status == 409},
        status=status,
    )


def pertemuan_baru(request, pk: int):
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if kelompok.posyandu:
        return redirect("poktan:sesi_baru", pk=kelompok.pk)
    return _form_pertemuan(request, kelompok, None)


def pertemuan(request, pk: int):
    p = pakses.pertemuan_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if p.kelompok.posyandu:
        return redirect("poktan:sesi", pk=p.pk)
    return _form_pertemuan(request, p.kelompok, p)


def keuangan(request, pk: int):
    kelompok = pakses.kelompok_untuk(request.user, pk, kemampuan=K.TULIS_POKTAN)
    if not kelompok.uppka:
        raise Http404(_("Modal dan omzet hanya untuk kelompok UPPKA."))
    form = KeuanganForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.simpan_keuangan_uppka(
                kelompok=kelompok,
                bulan=d["bulan"],
                modal=d["modal"],
                omzet=d["omzet"],
                catatan=d["catatan"],
                oleh=request.user,
            )
        except ValidationError as e:
            salin_error(form, e)
        else:
            messages.success(
                request, _("Modal dan omzet %(b)s tersimpan.") % {"b": d["bulan"].strftime("%m-%Y")}
            )
            return redirect("poktan:keuangan", pk=kelompok.pk)
    return render(
        request,
        "poktan/keuangan.html",
        {
            "kelompok": kelompok,
            "form": form,
            "riwayat": kelompok.keuangan_set.order_by("-bulan")[:24],
        },
    )
