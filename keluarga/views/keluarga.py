"""Family list, family page, create/edit with members, verification."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keluarga import akses, ganda, kode, services
from keluarga import indicators as ind
from keluarga.akses import K
from keluarga.filters import KeluargaFilter
from keluarga.forms import AnggotaFormSet, KeluargaForm
from keluarga.models import Anggota, Keluarga, StatusKB
from keluarga.riwayat import riwayat_perubahan

UKURAN_HALAMAN = 25


def _kepala():
    return Subquery(
        Anggota.objects.filter(
            keluarga=OuterRef("pk"),
            hubungan=kode.HubunganKK.KEPALA,
            status_hidup=kode.StatusHidup.HIDUP,
        ).values("nama")[:1]
    )


def _jumlah_anggota():
    """Living members, as a correlated COUNT: no JOIN + GROUP BY over every family in scope, so
    the page's LIMIT applies first and the paginator's count is a plain COUNT(*)."""
    return Subquery(
        Anggota.objects.filter(keluarga=OuterRef("pk"), status_hidup=kode.StatusHidup.HIDUP)
        .order_by()
        .values("keluarga")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def daftar(request):
    akses.wajib(request.user, K.BACA_KELUARGA)
    qs = (
        akses.keluarga_qs(request.user)
        .select_related("rumah__rt__rw__dusun")
        .annotate(nama_kepala=_kepala(), jumlah_anggota=Coalesce(_jumlah_anggota(), 0))
        .order_by("no_kk", "pk")
    )
    saring = KeluargaFilter(request.GET, queryset=qs, user=request.user)
    halaman = Paginator(saring.qs, UKURAN_HALAMAN).get_page(request.GET.get("hal"))
    akses.catat_akses(request.user, "daftar_nama", _("Daftar keluarga"), request.get_full_path())
    params = request.GET.copy()
    params.pop("hal", None)
    return render(
        request,
        "keluarga/daftar.html",
        {
            "saring": saring,
            "halaman": halaman,
            "params": params.urlencode(),
            "nik_penuh": akses.boleh_nik_penuh(request.user),
            "bisa_tulis": akses.boleh(request.user, K.TULIS_KELUARGA),
        },
    )


def detail(request, pk: int):
    keluarga = akses.keluarga_untuk(request.user, pk)
    hari_ini = timezone.localdate()
    anggota = list(
        keluarga.anggota_set.select_related("ibu").prefetch_related(
            "status_kb_set", "kehamilan_set", "peristiwa_set"
        )
    )
    status_kb = dict(
        ind.pus_pada(hari_ini, [keluarga.desa_id])
        .filter(kel=keluarga.pk)
        .values_list("pk", "status_kb")
    )
    for a in anggota:
        a.umur_sekarang = a.umur(hari_ini)
        a.status_kb_sekarang = status_kb.get(a.pk)
        a.status_kb_sekarang_label = (
            kode.StatusKBPada(a.status_kb_sekarang).label if a.status_kb_sekarang else ""
        )
    nik_penuh = akses.boleh_nik_penuh(request.user)
    if nik_penuh:
        akses.catat_akses(
            request.user, "nik_penuh", _("Keluarga id %(pk)s") % {"pk": keluarga.pk}, request.path
        )
    return render(
        request,
        "keluarga/detail.html",
        {
            "keluarga": keluarga,
            "anggota": anggota,
            "status_kb": StatusKB.objects.filter(anggota__keluarga=keluarga)
            .select_related("anggota")
            .order_by("-mulai"),
            "nik_penuh": nik_penuh,
            "bisa_tulis": akses.boleh(request.user, K.TULIS_KELUARGA)
            and akses.keluarga_qs(request.user, tulis=True).filter(pk=pk).exists(),
            "bisa_tulis_kb": akses.boleh(request.user, K.TULIS_KB),
            "riwayat": riwayat_perubahan(keluarga, anggota),
            "kode": kode,
        },
    )


def _form_keluarga(request, keluarga: Keluarga | None):
    baru = keluarga is None
    keluarga = keluarga or Keluarga()
    data = request.POST if request.method == "POST" else None
    form = KeluargaForm(data, instance=keluarga, user=request.user, prefix="kel")
    formset = AnggotaFormSet(data, instance=keluarga, user=request.user, prefix="agt")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        baris = [
            f
            for f in formset.forms
            if f not in formset.deleted_forms and (f.has_changed() or f.instance.pk)
        ]
        # At the door: a new row answered with an existing person moves that person here.
        pindah = [
            (f.cleaned_data["pakai_anggota"], f.cleaned_data["hubungan"])
            for f in baris
            if f.cleaned_data.get("pakai_anggota")
        ]
        simpan = [f.instance for f in baris if not f.cleaned_data.get("pakai_anggota")]
        diubah = [f.instance.pk for f in baris if f.instance.pk and f.has_changed()]
        hapus = [f.instance for f in formset.deleted_forms if f.instance.pk]
        try:
            services.simpan_keluarga(
                keluarga=form.instance,
                rt=d["rt"],
                nomor_rumah=d["nomor_rumah"],
                alamat=d["alamat"],
                lat=d["lat"],
                lng=d["lng"],
                anggota_simpan=simpan,
                anggota_hapus=hapus,
                anggota_pindah=pindah,
                versi=d.get("versi"),
                oleh=request.user,
            )
        except services.KonflikEdit as e:
            messages.error(request, e.messages[0])
            return render(
                request,
                "keluarga/form.html",
                {"form": form, "formset": formset, "baru": baru, "konflik": True},
                status=409,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Data keluarga tersimpan."))
            _peringatan_ganda(request, diubah)
            return redirect(form.instance)
    return render(request, "keluarga/form.html", {"form": form, "formset": formset, "baru": baru})


def _peringatan_ganda(request, anggota_ids: list[int]) -> None:
    """At the door (issue 19): existing members whose data was just changed and who now likely
    are someone already recorded (the save refreshed their pairs) — named only when both people
    are in the user's scope. New rows are asked before saving (forms.TanyaGanda)."""
    if not anggota_ids or not akses.boleh(request.user, K.GANDA):
        return
    desa_ids = list(akses.desa_qs(request.user).values_list("pk", flat=True))
    pasangan = ganda.terbuka_untuk(
        ganda.terbuka(desa_ids)
        .filter(Q(anggota_a__in=anggota_ids) | Q(anggota_b__in=anggota_ids))
        .select_related("anggota_a", "anggota_b"),
        akses.anggota_qs(request.user, tulis=True),
    )
    if not pasangan:
        return
    nama = ", ".join(f"{p.anggota_a.nama} – {p.anggota_b.nama} ({p.alasan})" for p in pasangan[:3])
    messages.warning(
        request,
        _(
            "Mungkin sudah tercatat: %(nama)s. Periksa di halaman Kemungkinan orang ganda; bila "
            "orangnya sama, gabungkan datanya di sana, bila berbeda tandai bukan orang yang sama."
        )
        % {"nama": nama},
    )


def buat(request):
    akses.wajib(request.user, K.TULIS_KELUARGA)
    return _form_keluarga(request, None)


def ubah(request, pk: int):
    """Edit a family and its members: the page shows the No KK and every NIK, so each time it is
    shown (not when a save redirects) it writes an access-log row (ROLES.md)."""
    keluarga = akses.keluarga_untuk(request.user, pk, kemampuan=K.TULIS_KELUARGA)
    respons = _form_keluarga(request, keluarga)
    if respons.status_code != 302:
        akses.catat_akses(
            request.user,
            "nik_penuh",
            _("Ubah keluarga id %(pk)s") % {"pk": keluarga.pk},
            request.get_full_path(),
        )
    return respons


@require_POST
def verifikasi(request, pk: int):
    keluarga = akses.keluarga_untuk(request.user, pk, kemampuan=K.TULIS_KELUARGA)
    services.tandai_diverifikasi(keluarga=keluarga)
    messages.success(request, _("Keluarga ditandai sudah diverifikasi hari ini."))
    return redirect(keluarga)
