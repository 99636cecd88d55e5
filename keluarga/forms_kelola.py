"""Admin desa's own desa: forms and the writes behind them (users and roles, regions).

The write functions are keyword-only and atomic, check duplicates themselves (an Indonesian
``ValidationError``, never an ``IntegrityError``) and leave a Django admin ``LogEntry`` naming who
acted, so server administrators can see who changed a role, a password or a region.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from keluarga.akses import Peran
from keluarga.models import RT, RW, Desa, Dusun, Lingkup, Rumah

User = get_user_model()

# Roles an Admin desa may give: their scope is this one desa. Penyuluh KB and Kecamatan span
# several desa and are created by server administrators (ROLES.md).
PERAN_DESA = [Peran.ADMIN_DESA, Peran.OPERATOR, Peran.KADER, Peran.KEPALA_DESA]

PILIHAN_TIDAK_SAH = _l("Pilihan %(value)s tidak tersedia di desa Anda.")


def pengguna_qs(desa: Desa) -> QuerySet:
    """Users an Admin desa manages: scope is this desa only, role (if any) one of PERAN_DESA.

    Superusers, staff, users of any other desa or of a kecamatan are never in it (404)."""
    return (
        User.objects.filter(
            is_superuser=False,
            is_staff=False,
            lingkup__desa=desa,
            lingkup__kecamatan_kode="",
            lingkup__kabupaten_kode="",
        )
        .exclude(lingkup__desa__in=Desa.objects.exclude(pk=desa.pk))
        .exclude(
            groups__name__in=[Peran.PENYULUH.value, Peran.KECAMATAN.value, Peran.KABUPATEN.value]
        )
        .order_by("username")
    )


def peran_pengguna(user) -> str:
    """The role group name of a user (prefetched groups), or ""."""
    nama = {p.value for p in Peran}
    return next((g.name for g in user.groups.all() if g.name in nama), "")


# --- forms -------------------------------------------------------------------------------------


class _PilihWilayah(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, label, label_fn):
        super().__init__(
            queryset=queryset,
            required=False,
            label=label,
            error_messages={"invalid_choice": PILIHAN_TIDAK_SAH},
        )
        self._label_fn = label_fn

    def label_from_instance(self, obj):
        return self._label_fn(obj)


def nama_wilayah(w: Dusun | RW | RT) -> str:
    """'Dusun Krajan', 'RW 002 Dusun Krajan', 'RT 001/RW 002 Dusun Krajan'."""
    if isinstance(w, Dusun):
        return w.nama if w.nama.lower().startswith("dusun") else f"Dusun {w.nama}"
    if isinstance(w, RW):
        return f"RW {w.nomor} {nama_wilayah(w.dusun)}"
    return f"RT {w.nomor}/RW {w.rw.nomor} {nama_wilayah(w.rw.dusun)}"


def label_rw(rw: RW) -> str:
    return f"RW {rw.nomor} · {rw.dusun.nama}"


def label_rt(rt: RT) -> str:
    return f"RT {rt.nomor}/RW {rt.rw.nomor} · {rt.rw.dusun.nama}"


class _PeranWilayahForm(forms.Form):
    """Role limited to PERAN_DESA; a kader's dusun/RW/RT chosen from this desa only."""

    peran = forms.ChoiceField(
        label=_l("Peran"),
        error_messages={"invalid_choice": _l("Admin desa tidak bisa memberi peran ini.")},
    )

    def __init__(self, *args, desa: Desa, **kwargs):
        super().__init__(*args, **kwargs)
        self.desa = desa
        label_peran = {Peran.KEPALA_DESA: desa.sebutan_kepala}
        self.fields["peran"].choices = [("", "---------")] + [
            (p.value, label_peran.get(p, p.value)) for p in PERAN_DESA
        ]
        self.fields["dusun"] = _PilihWilayah(
            Dusun.objects.filter(desa=desa).order_by("nama"), _l("Dusun"), lambda d: d.nama
        )
        self.fields["rw"] = _PilihWilayah(
            RW.objects.filter(desa=desa).select_related("dusun"), _l("RW"), label_rw
        )
        self.fields["rt"] = _PilihWilayah(
            RT.objects.filter(desa=desa).select_related("rw__dusun"), _l("RT"), label_rt
        )

    def clean(self):
        data = super().clean()
        salah_wilayah = any(k in self.errors for k in ("dusun", "rw", "rt"))
        if data.get("peran") == Peran.KADER:
            if not salah_wilayah and not any(data.get(k) for k in ("dusun", "rw", "rt")):
                self.add_error(
                    None, _("Pilih minimal satu wilayah kader (dusun, RW, atau RT) di desa ini.")
                )
        elif data.get("peran"):
            for k in ("dusun", "rw", "rt"):
                data[k] = []
        return data


class PenggunaBaruForm(SetPasswordMixin, _PeranWilayahForm):
    username = forms.CharField(
        label=_l("Nama pengguna"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_l("Huruf, angka dan @ . + - _ saja; dipakai untuk masuk."),
    )
    nama = forms.CharField(label=_l("Nama lengkap"), max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_l("Kata sandi"), label2=_l("Ulangi kata sandi")
    )

    field_order = ["username", "nama", "password1", "password2", "peran", "dusun", "rw", "rt"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        data = super().clean()
        self.validate_passwords()
        calon = User(username=data.get("username", ""), first_name=data.get("nama", ""))
        self.validate_password_for_user(calon)
        return data


class PenggunaUbahForm(_PeranWilayahForm):
    nama = forms.CharField(label=_l("Nama lengkap"), max_length=150, required=False)
    aktif = forms.BooleanField(
        label=_l("Aktif"), required=False, help_text=_l("Akun nonaktif tidak bisa masuk.")
    )

    field_order = ["nama", "peran", "aktif", "dusun", "rw", "rt"]

    def __init__(self, *args, pengguna, oleh, **kwargs):
        self.pengguna, self.oleh = pengguna, oleh
        lingkup = getattr(pengguna, "lingkup", None)
        kwargs.setdefault(
            "initial",
            {
                "nama": pengguna.first_name,
                "peran": peran_pengguna(pengguna),
                "aktif": pengguna.is_active,
                "dusun": list(lingkup.dusun.values_list("pk", flat=True)) if lingkup else [],
                "rw": list(lingkup.rw.values_list("pk", flat=True)) if lingkup else [],
                "rt": list(lingkup.rt.values_list("pk", flat=True)) if lingkup else [],
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.pengguna.pk == self.oleh.pk and (
            data.get("peran") != Peran.ADMIN_DESA or not data.get("aktif")
        ):
            self.add_error(
                None, _("Anda tidak bisa mengubah peran atau menonaktifkan akun Anda sendiri.")
            )
        return data


_nomor_validator = RegexValidator(
    r"^\d{1,3}$", _l("Nomor berupa 1 sampai 3 angka, misalnya 1 atau 003.")
)


class DusunForm(forms.Form):
    nama = forms.CharField(label=_l("Nama dusun"), max_length=100)

    def clean_nama(self):
        return re.sub(r"\s+", " ", self.cleaned_data["nama"]).strip()


class NomorForm(forms.Form):
    """RW or RT number; stored with three digits (1 → 001) like the rest of the data."""

    nomor = forms.CharField(label=_l("Nomor"), max_length=3, validators=[_nomor_validator])

    def clean_nomor(self):
        return self.cleaned_data["nomor"].strip().zfill(3)


# --- writes ------------------------------------------------------------------------------------


def _catat(oleh, obj, flag: int, pesan: str) -> None:
    """Who changed what, in Django admin's log (server administrators read it there)."""
    LogEntry.objects.log_actions(
        user_id=oleh.pk, queryset=[obj], action_flag=flag, change_message=pesan, single_object=True
    )


def _simpan_unik(obj, pesan: str):
    """full_clean() and save; a duplicate that slipped past the check becomes the same message."""
    try:
        obj.full_clean()
        with transaction.atomic():
            obj.save()
    except IntegrityError as e:
        raise ValidationError(pesan) from e
    except ValidationError as e:
        if "__all__" in getattr(e, "error_dict", {}):
            raise ValidationError(pesan) from e
        raise
    return obj


def _atur_peran_wilayah(*, pengguna, desa: Desa, peran: str, dusun, rw, rt) -> str:
    peran_lama = Group.objects.filter(name__in=[p.value for p in Peran])
    pengguna.groups.remove(*peran_lama)
    pengguna.groups.add(Group.objects.get(name=peran))
    lingkup, _c = Lingkup.objects.get_or_create(user=pengguna)
    if lingkup.kecamatan_kode or lingkup.kabupaten_kode:
        lingkup.kecamatan_kode = lingkup.kabupaten_kode = ""
        lingkup.save(update_fields=["kecamatan_kode", "kabupaten_kode"])
    lingkup.desa.set([desa])
    kader = peran == Peran.KADER
    lingkup.dusun.set(dusun if kader else [])
    lingkup.rw.set(rw if kader else [])
    lingkup.rt.set(rt if kader else [])
    wilayah = ", ".join(
        [d.nama for d in dusun] + [label_rw(x) for x in rw] + [label_rt(x) for x in rt]
    )
    return f"{_('Peran')}: {peran}; {_('wilayah')}: {wilayah if kader else desa.nama}"


def _cek_wilayah(desa: Desa, *bagian) -> None:
    for daftar in bagian:
        if any(w.desa_id != desa.pk for w in daftar):
            raise ValidationError(_("Wilayah kader harus di dalam desa Anda."))


@transaction.atomic
def buat_pengguna(
    *,
    desa: Desa,
    username: str,
    nama: str,
    sandi: str,
    peran: str,
    dusun=(),
    rw=(),
    rt=(),
    oleh,
):
    """A user of this desa with one of PERAN_DESA; a kader gets the chosen regions."""
    if peran not in PERAN_DESA:
        raise ValidationError(_("Admin desa tidak bisa memberi peran ini."))
    _cek_wilayah(desa, dusun, rw, rt)
    pengguna = User(username=username, first_name=nama)
    pengguna.set_password(sandi)
    _simpan_unik(pengguna, _("Nama pengguna ini sudah dipakai."))
    ringkas = _atur_peran_wilayah(
        pengguna=pengguna, desa=desa, peran=peran, dusun=dusun, rw=rw, rt=rt
    )
    _catat(oleh, pengguna, ADDITION, ringkas)
    return pengguna


@transaction.atomic
def ubah_pengguna(
    *, pengguna, desa: Desa, nama: str, peran: str, aktif: bool, dusun=(), rw=(), rt=(), oleh
):
    """Change name, role, scope and active flag of a user of this desa."""
    if peran not in PERAN_DESA:
        raise ValidationError(_("Admin desa tidak bisa memberi peran ini."))
    _cek_wilayah(desa, dusun, rw, rt)
    pengguna.first_name = nama
    pengguna.is_active = aktif
    pengguna.save(update_fields=["first_name", "is_active"])
    ringkas = _atur_peran_wilayah(
        pengguna=pengguna, desa=desa, peran=peran, dusun=dusun, rw=rw, rt=rt
    )
    status = _("aktif") if aktif else _("nonaktif")
    _catat(oleh, pengguna, CHANGE, f"{ringkas}; {status}")
    return pengguna


@transaction.atomic
def atur_sandi(*, pengguna, sandi: str, oleh) -> None:
    """Set a new password (validated by the form) for a user of this desa."""
    pengguna.set_password(sandi)
    pengguna.save(update_fields=["password"])
    _catat(oleh, pengguna, CHANGE, _("Kata sandi diatur ulang oleh %(u)s.") % {"u": oleh})


def _nomor_sama(qs: QuerySet, nomor: str) -> bool:
    """Is this number taken among the siblings? '1' and '001' are the same RW/RT."""
    return any(
        n == nomor or (n.isdigit() and int(n) == int(nomor))
        for n in qs.values_list("nomor", flat=True)
    )


@transaction.atomic
def tambah_dusun(*, desa: Desa, nama: str, oleh) -> Dusun:
    pesan = _("Dusun %(nama)s sudah ada di desa ini.") % {"nama": nama}
    if Dusun.objects.filter(desa=desa, nama__iexact=nama).exists():
        raise ValidationError(pesan)
    dusun = _simpan_unik(Dusun(desa=desa, nama=nama), pesan)
    _catat(oleh, dusun, ADDITION, nama_wilayah(dusun))
    return dusun


@transaction.atomic
def tambah_rw(*, dusun: Dusun, nomor: str, oleh) -> RW:
    pesan = _("RW %(n)s sudah ada di %(d)s.") % {"n": nomor, "d": nama_wilayah(dusun)}
    if _nomor_sama(dusun.rw_set.all(), nomor):
        raise ValidationError(pesan)
    rw = _simpan_unik(RW(dusun=dusun, desa_id=dusun.desa_id, nomor=nomor), pesan)
    _catat(oleh, rw, ADDITION, nama_wilayah(rw))
    return rw


@transaction.atomic
def tambah_rt(*, rw: RW, nomor: str, oleh) -> RT:
    pesan = _("RT %(n)s sudah ada di %(rw)s.") % {"n": nomor, "rw": nama_wilayah(rw)}
    if _nomor_sama(rw.rt_set.all(), nomor):
        raise ValidationError(pesan)
    rt = _simpan_unik(RT(rw=rw, desa_id=rw.desa_id, nomor=nomor), pesan)
    _catat(oleh, rt, ADDITION, nama_wilayah(rt))
    return rt


@transaction.atomic
def ubah_wilayah(*, wilayah: Dusun | RW | RT, nilai: str, oleh):
    """Rename a dusun or renumber an RW/RT; a name or number its siblings use is refused."""
    lama = nama_wilayah(wilayah)
    if isinstance(wilayah, Dusun):
        pesan = _("Dusun %(nama)s sudah ada di desa ini.") % {"nama": nilai}
        saudara = Dusun.objects.filter(desa_id=wilayah.desa_id).exclude(pk=wilayah.pk)
        if saudara.filter(nama__iexact=nilai).exists():
            raise ValidationError(pesan)
        wilayah.nama = nilai
    else:
        if isinstance(wilayah, RW):
            saudara = RW.objects.filter(dusun_id=wilayah.dusun_id)
            pesan = _("RW %(n)s sudah ada di %(d)s.") % {
                "n": nilai,
                "d": nama_wilayah(wilayah.dusun),
            }
        else:
            saudara = RT.objects.filter(rw_id=wilayah.rw_id)
            pesan = _("RT %(n)s sudah ada di %(rw)s.") % {
                "n": nilai,
                "rw": nama_wilayah(wilayah.rw),
            }
        if _nomor_sama(saudara.exclude(pk=wilayah.pk), nilai):
            raise ValidationError(pesan)
        wilayah.nomor = nilai
    _simpan_unik(wilayah, pesan)
    _catat(oleh, wilayah, CHANGE, f"{lama} → {nama_wilayah(wilayah)}")
    return wilayah


def rt_di_dalam(wilayah: Dusun | RW | RT) -> QuerySet[RT]:
    if isinstance(wilayah, Dusun):
        return RT.objects.filter(rw__dusun=wilayah)
    if isinstance(wilayah, RW):
        return RT.objects.filter(rw=wilayah)
    return RT.objects.filter(pk=wilayah.pk)


@transaction.atomic
def hapus_wilayah(*, wilayah: Dusun | RW | RT, oleh) -> None:
    """Delete a region with its empty RW/RT; refused while a house is inside it."""
    rt = rt_di_dalam(wilayah)
    rumah = Rumah.objects.filter(rt__in=rt).count()
    if rumah:
        raise ValidationError(
            _(
                "%(w)s tidak bisa dihapus: masih ada %(n)s rumah di dalamnya. "
                "Pindahkan rumahnya ke wilayah lain dulu."
            )
            % {"w": nama_wilayah(wilayah), "n": rumah}
        )
    _catat(oleh, wilayah, DELETION, nama_wilayah(wilayah))
    try:
        rt.delete()
        if isinstance(wilayah, Dusun):
            RW.objects.filter(dusun=wilayah).delete()
        if not isinstance(wilayah, RT):
            wilayah.delete()
    except (ProtectedError, RestrictedError) as e:
        raise ValidationError(
            _("%(w)s tidak bisa dihapus: masih dipakai oleh data lain.")
            % {"w": nama_wilayah(wilayah)}
        ) from e
