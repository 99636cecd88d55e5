"""Population events, pregnancies, KB status and member moves: one view over a table of kinds.

Each kind in `JENIS` says what its URL's pk names (a family, a member, a pregnancy), the capability
it needs, its form, the service it runs, its title and its message; `catat` is the one view. Every
write runs through services.dengan_versi so an edit based on an outdated page is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

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
from keluarga.models import Anggota, Kehamilan, Keluarga

# The member fields a move-in passes on (the NIK goes separately).
DATA_ANGGOTA = [f for f in DatangForm.Meta.fields if f != "nik"]  # "pakai" is not a model field


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
            messages.success(request, sukses(form.cleaned_data) if callable(sukses) else sukses)
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


@dataclass(frozen=True)
class Subjek:
    """What the event is recorded on: the family, and the member or pregnancy when there is one."""

    keluarga: Keluarga
    anggota: Anggota | None = None
    kehamilan: Kehamilan | None = None


def _keluarga(user, pk: int, kemampuan: str) -> Subjek:
    return Subjek(akses.keluarga_untuk(user, pk, kemampuan=kemampuan))


def _anggota(user, pk: int, kemampuan: str) -> Subjek:
    anggota = akses.anggota_untuk(user, pk, kemampuan=kemampuan)
    return Subjek(anggota.keluarga, anggota)


def _kehamilan(user, pk: int, kemampuan: str) -> Subjek:
    akses.wajib(user, kemampuan)
    kehamilan = akses.ambil(
        Kehamilan.objects.filter(ibu__in=akses.anggota_qs(user, tulis=True)).select_related(
            "ibu__keluarga"
        ),
        pk=pk,
    )
    return Subjek(kehamilan.ibu.keluarga, kehamilan.ibu, kehamilan)


def _salin(d: dict, *kunci: str) -> dict:
    return {k: d[k] for k in kunci}


def _kb_pria(form, s: Subjek) -> None:
    """A man's KB status: male methods only, no reason or intention fields."""
    if s.anggota.jenis_kelamin == kode.JenisKelamin.LAKI_LAKI:
        form.fields["metode"].choices = [("", "—")] + [
            (m.value, m.label) for m in kode.MetodeKB if m in kode.METODE_PRIA
        ]
        form.fields["alasan"].widget = form.fields["alasan"].hidden_widget()
        form.fields["niat"].widget = form.fields["niat"].hidden_widget()


@dataclass(frozen=True)
class Jenis:
    """One kind of event: its form and the service call `catat(subjek, cleaned_data, user)`."""

    form: type
    catat: Callable[[Subjek, dict, object], object]
    judul: str
    sukses: str | Callable[[dict], str]  # the message, or one made from the cleaned data
    subjek: Callable[[object, int, str], Subjek] = _anggota
    kemampuan: str = K.TULIS_KELUARGA
    isian: Callable[[Subjek, object], dict] = lambda s, user: {}  # the form's extra arguments
    sesuaikan: Callable[[object, Subjek], None] | None = None  # changes to the bound form


_LAPOR = ("tanggal", "tanggal_lapor")


def _dilaporkan(layanan, *kunci: str):
    """A member's reported event: the service gets the member, the user, both dates and `kunci`."""
    return lambda s, d, oleh: layanan(anggota=s.anggota, oleh=oleh, **_salin(d, *_LAPOR, *kunci))


def _di_pintu(pakai, baru):
    """At the door (issue 19, forms.TanyaGanda): `pakai` when the form's answer is a person
    already recorded (cleaned_data["pakai_anggota"]), else `baru`, which creates one."""
    return lambda s, d, oleh: (pakai if d.get("pakai_anggota") else baru)(s, d, oleh)


def _pakai(layanan, **kunci: str):
    """`layanan` on the family and the user, with each argument in `kunci` named by its key in
    the cleaned data."""
    return lambda s, d, oleh: layanan(
        keluarga=s.keluarga, oleh=oleh, **{k: d[v] for k, v in kunci.items()}
    )


JENIS: dict[str, Jenis] = {
    "lahir": Jenis(
        KelahiranForm,
        _di_pintu(
            # The newborn is a child already recorded: nothing is created.
            _pakai(services.kelahiran_tercatat, anak="pakai_anggota", ibu="ibu", tanggal="tanggal"),
            lambda s, d, oleh: services.catat_kelahiran(
                keluarga=s.keluarga,
                oleh=oleh,
                nik=d["nik"] or None,
                **_salin(d, "ibu", *_LAPOR, "nama", "jenis_kelamin", "akta_lahir"),
            ),
        ),
        _("Catat kelahiran"),
        lambda d: (
            _("%(nama)s sudah tercatat di keluarga ini; tidak ada data baru yang dibuat.")
            % {"nama": d["pakai_anggota"].nama}
            if d.get("sudah_di_sini")
            else _(
                "%(nama)s sudah tercatat di keluarga lain; datanya dipakai dan dipindahkan ke "
                "keluarga ini (tidak ada data baru yang dibuat)."
            )
            % {"nama": d["pakai_anggota"].nama}
            if d.get("pakai_anggota")
            else _("Kelahiran tercatat.")
        ),
        subjek=_keluarga,
        isian=lambda s, user: {"keluarga": s.keluarga, "user": user},
    ),
    "datang": Jenis(
        DatangForm,
        _di_pintu(
            # The entry is someone already recorded: that person is moved here.
            _pakai(
                services.pindah_keluarga,
                anggota="pakai_anggota",
                tanggal="tanggal",
                hubungan="hubungan",
            ),
            lambda s, d, oleh: services.catat_datang(
                keluarga=s.keluarga,
                oleh=oleh,
                **_salin(d, *_LAPOR, "nik"),
                **{k: d[k] for k in DATA_ANGGOTA if k in d},
            ),
        ),
        _("Catat pindah masuk (datang)"),
        _("Kedatangan tercatat."),
        subjek=_keluarga,
        isian=lambda s, user: {"user": user},
    ),
    "meninggal": Jenis(
        KematianForm,
        _dilaporkan(services.catat_kematian, "pasangan_cerai_mati"),
        _("Catat kematian"),
        _("Kematian tercatat."),
        isian=lambda s, user: {"anggota": s.anggota},
    ),
    "pindah_keluar": Jenis(
        PindahKeluarForm,
        _dilaporkan(services.catat_pindah_keluar, "keterangan"),
        _("Catat pindah keluar"),
        _("Pindah keluar tercatat."),
    ),
    "status_kawin": Jenis(
        StatusKawinForm,
        _dilaporkan(services.ubah_status_kawin, "status"),
        _("Catat perkawinan/perceraian"),
        _("Status perkawinan tercatat."),
    ),
    "pindah_anggota": Jenis(
        PindahAnggotaForm,
        lambda s, d, oleh: services.pindah_keluarga(
            anggota=s.anggota,
            keluarga=d["keluarga_tujuan"],
            oleh=oleh,
            **_salin(d, "tanggal", "hubungan"),
        ),
        _("Pindahkan ke keluarga lain"),
        _("Anggota dipindahkan."),
        isian=lambda s, user: {"user": user},
    ),
    "hamil": Jenis(
        KehamilanForm,
        lambda s, d, oleh: services.catat_kehamilan(ibu=s.anggota, **_salin(d, "hpht", "hpl")),
        _("Catat kehamilan"),
        _("Kehamilan tercatat."),
    ),
    "akhiri_hamil": Jenis(
        AkhiriKehamilanForm,
        lambda s, d, oleh: services.akhiri_kehamilan(
            kehamilan=s.kehamilan, **_salin(d, "tanggal", "hasil")
        ),
        _("Akhiri kehamilan"),
        _("Kehamilan diakhiri."),
        subjek=_kehamilan,
    ),
    "status_kb": Jenis(
        StatusKBForm,
        lambda s, d, oleh: services.set_status_kb(
            anggota=s.anggota,
            metode=d["metode"] or None,
            alasan=d["alasan"] or None,
            niat=d["niat"] or None,
            **_salin(d, "mulai", "baru", "tempat_pelayanan"),
        ),
        _("Status KB"),
        _("Status KB tersimpan."),
        kemampuan=K.TULIS_KB,
        sesuaikan=_kb_pria,
    ),
}


def catat(request, pk: int, jenis: str):
    """One event of the kind `jenis` (a key of JENIS, fixed by the URL) on the object `pk`.

    ROLES.md rows "Create/edit families, members, events, pregnancies" (K.TULIS_KELUARGA) and, for
    the KB status, "KB status (write)" (K.TULIS_KB): a missing capability is 403, an object outside
    the user's scope 404.
    """
    j = JENIS[jenis]
    s = j.subjek(request.user, pk, j.kemampuan)
    form = j.form(_data(request), **j.isian(s, request.user))
    if j.sesuaikan is not None:
        j.sesuaikan(form, s)
    return _jalankan(
        request,
        keluarga=s.keluarga,
        anggota=s.anggota,
        form=form,
        judul=str(j.judul),
        aksi=lambda d: j.catat(s, d, request.user),
        sukses=j.sukses if callable(j.sukses) else str(j.sukses),
    )
