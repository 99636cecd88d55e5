"""Population events, pregnancies, KB status and member moves: one small form each.

Every write runs through services.dengan_versi so an edit based on an outdated page is refused.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keluarga import akses, kode, services
from keluarga.akses import K
from keluarga.forms import (
    AkhiriKehamilanForm,
    DatangForm,
    KehamilanForm,
    KelahiranForm,
    KematianForm,
    PindahAnggotaForm,
    PindahKeluarForm,
    StatusKawinForm,
    StatusKBForm,
)
from keluarga.models import Kehamilan

DATA_ANGGOTA = [
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "hubungan",
    "status_kawin",
    "usia_kawin_pertama",
    "akta_lahir",
    "agama",
    "pekerjaan",
    "pendidikan",
    "jkn",
    "keberadaan",
    "jumlah_anak_hidup",
]


def _jalankan(request, *, keluarga, form, judul, aksi, sukses, anggota=None):
    """Show the form; on a valid POST run `aksi(form.cleaned_data)` under the version lock."""
    if request.method == "POST" and form.is_valid():
        try:
            services.dengan_versi(
                lambda: aksi(form.cleaned_data),
                keluarga=keluarga,
                versi=form.cleaned_data.get("versi"),
            )
        except services.KonflikEdit as e:
            messages.error(request, e.messages[0])
            return render(
                request,
                "keluarga/aksi.html",
                {
                    "form": form,
                    "judul": judul,
                    "keluarga": keluarga,
                    "anggota": anggota,
                    "konflik": True,
                },
                status=409,
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errs in e.error_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, e)
        else:
            messages.success(request, sukses)
            return redirect(keluarga)
    if not form.is_bound:
        form.initial["versi"] = keluarga.versi
    return render(
        request,
        "keluarga/aksi.html",
        {"form": form, "judul": judul, "keluarga": keluarga, "anggota": anggota},
    )


def _data(request):
    return request.POST if request.method == "POST" else None


def lahir(request, pk: int):
    keluarga = akses.keluarga_untuk(request.user, pk, kemampuan=K.TULIS_KELUARGA)
    form = KelahiranForm(_data(request), keluarga=keluarga)

    def aksi(d):
        services.catat_kelahiran(
            ibu=d["ibu"],
            keluarga=keluarga,
            tanggal=d["tanggal"],
            tanggal_lapor=d["tanggal_lapor"],
            oleh=request.user,
            nama=d["nama"],
            jenis_kelamin=d["jenis_kelamin"],
            nik=d["nik"] or None,
            akta_lahir=d["akta_lahir"],
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        form=form,
        judul=_("Catat kelahiran"),
        aksi=aksi,
        sukses=_("Kelahiran tercatat."),
    )


def datang(request, pk: int):
    keluarga = akses.keluarga_untuk(request.user, pk, kemampuan=K.TULIS_KELUARGA)
    form = DatangForm(_data(request), user=request.user)

    def aksi(d):
        data = {k: d[k] for k in DATA_ANGGOTA if k in d}
        services.catat_datang(
            keluarga=keluarga,
            tanggal=d["tanggal"],
            tanggal_lapor=d["tanggal_lapor"],
            oleh=request.user,
            nik=d["nik"],
            **data,
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        form=form,
        judul=_("Catat pindah masuk (datang)"),
        aksi=aksi,
        sukses=_("Kedatangan tercatat."),
    )


def _anggota(request, pk, kemampuan=K.TULIS_KELUARGA):
    anggota = akses.anggota_untuk(request.user, pk, kemampuan=kemampuan)
    return anggota, anggota.keluarga


def meninggal(request, pk: int):
    anggota, keluarga = _anggota(request, pk)
    form = KematianForm(_data(request), anggota=anggota)

    def aksi(d):
        services.catat_kematian(
            anggota=anggota,
            tanggal=d["tanggal"],
            tanggal_lapor=d["tanggal_lapor"],
            oleh=request.user,
            pasangan_cerai_mati=d["pasangan_cerai_mati"],
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        anggota=anggota,
        form=form,
        judul=_("Catat kematian"),
        aksi=aksi,
        sukses=_("Kematian tercatat."),
    )


def pindah_keluar(request, pk: int):
    anggota, keluarga = _anggota(request, pk)
    form = PindahKeluarForm(_data(request))

    def aksi(d):
        services.catat_pindah_keluar(
            anggota=anggota,
            tanggal=d["tanggal"],
            tanggal_lapor=d["tanggal_lapor"],
            oleh=request.user,
            keterangan=d["keterangan"],
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        anggota=anggota,
        form=form,
        judul=_("Catat pindah keluar"),
        aksi=aksi,
        sukses=_("Pindah keluar tercatat."),
    )


def status_kawin(request, pk: int):
    anggota, keluarga = _anggota(request, pk)
    form = StatusKawinForm(_data(request))

    def aksi(d):
        services.ubah_status_kawin(
            anggota=anggota,
            status=d["status"],
            tanggal=d["tanggal"],
            tanggal_lapor=d["tanggal_lapor"],
            oleh=request.user,
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        anggota=anggota,
        form=form,
        judul=_("Catat perkawinan/perceraian"),
        aksi=aksi,
        sukses=_("Status perkawinan tercatat."),
    )


def pindah_anggota(request, pk: int):
    anggota, keluarga = _anggota(request, pk)
    form = PindahAnggotaForm(_data(request), user=request.user)

    def aksi(d):
        services.pindah_keluarga(
            anggota=anggota,
            keluarga=d["keluarga_tujuan"],
            tanggal=d["tanggal"],
            oleh=request.user,
            hubungan=d["hubungan"],
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        anggota=anggota,
        form=form,
        judul=_("Pindahkan ke keluarga lain"),
        aksi=aksi,
        sukses=_("Anggota dipindahkan."),
    )


def hamil(request, pk: int):
    anggota, keluarga = _anggota(request, pk)
    form = KehamilanForm(_data(request))

    def aksi(d):
        services.catat_kehamilan(ibu=anggota, hpht=d["hpht"], hpl=d["hpl"])

    return _jalankan(
        request,
        keluarga=keluarga,
        anggota=anggota,
        form=form,
        judul=_("Catat kehamilan"),
        aksi=aksi,
        sukses=_("Kehamilan tercatat."),
    )


def akhiri_hamil(request, pk: int):
    akses.wajib(request.user, K.TULIS_KELUARGA)
    kehamilan = akses.ambil(
        Kehamilan.objects.filter(ibu__in=akses.anggota_qs(request.user, tulis=True)).select_related(
            "ibu__keluarga"
        ),
        pk=pk,
    )
    form = AkhiriKehamilanForm(_data(request))

    def aksi(d):
        services.akhiri_kehamilan(kehamilan=kehamilan, tanggal=d["tanggal"], hasil=d["hasil"])

    return _jalankan(
        request,
        keluarga=kehamilan.ibu.keluarga,
        anggota=kehamilan.ibu,
        form=form,
        judul=_("Akhiri kehamilan"),
        aksi=aksi,
        sukses=_("Kehamilan diakhiri."),
    )


def status_kb(request, pk: int):
    anggota, keluarga = _anggota(request, pk, kemampuan=K.TULIS_KB)
    form = StatusKBForm(_data(request))
    if anggota.jenis_kelamin == kode.JenisKelamin.LAKI_LAKI:
        form.fields["metode"].choices = [("", "—")] + [
            (m.value, m.label) for m in kode.MetodeKB if m in kode.METODE_PRIA
        ]
        form.fields["alasan"].widget = form.fields["alasan"].hidden_widget()
        form.fields["niat"].widget = form.fields["niat"].hidden_widget()

    def aksi(d):
        services.set_status_kb(
            anggota=anggota,
            mulai=d["mulai"],
            metode=d["metode"] or None,
            alasan=d["alasan"] or None,
            niat=d["niat"] or None,
            baru=d["baru"],
            tempat_pelayanan=d["tempat_pelayanan"],
        )

    return _jalankan(
        request,
        keluarga=keluarga,
        anggota=anggota,
        form=form,
        judul=_("Status KB"),
        aksi=aksi,
        sukses=_("Status KB tersimpan."),
    )
