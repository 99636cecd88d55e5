"""Validators of NIK, No KK and dates, with Indonesian messages shared by forms, importer and admin."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# ASCII digits only: str.isdigit() would also accept "²" or Arabic-Indic digits.
_ENAM_BELAS_ANGKA = re.compile(r"[0-9]{16}")


def validate_nik(value: str) -> None:
    """A NIK is exactly 16 digits."""
    if value is None or value == "":
        return
    if not _ENAM_BELAS_ANGKA.fullmatch(value):
        raise ValidationError(
            _("NIK harus tepat 16 angka (tertulis %(n)s karakter: %(v)s)."),
            code="nik_format",
            params={"n": len(value), "v": value},
        )


def validate_no_kk(value: str) -> None:
    """A No KK is exactly 16 digits."""
    if not (value and _ENAM_BELAS_ANGKA.fullmatch(value)):
        raise ValidationError(
            _("No KK harus tepat 16 angka (tertulis %(n)s karakter: %(v)s)."),
            code="no_kk_format",
            params={"n": len(value or ""), "v": value},
        )


def pesan_nik_terpakai() -> str:
    """A NIK that is taken by a person the user may not see. NIK and No KK are unique across the
    whole database, so the refusal itself tells that the number exists; the message says no more
    (no village, name, family or status)."""
    return _("NIK ini sudah terdaftar dan tidak dapat dipakai lagi. Periksa kembali angkanya.")


def validate_not_future(value: dt.date) -> None:
    """No date may lie in the future."""
    if value and value > timezone.localdate():
        raise ValidationError(
            _("Tanggal %(t)s belum terjadi (tanggal tidak boleh di masa depan)."),
            code="tanggal_masa_depan",
            params={"t": value.strftime("%d-%m-%Y")},
        )


def nik_tanggal_lahir(nik: str) -> tuple[int, int, int, str] | None:
    """Day, month, two-digit year and sex ("L"/"P") coded in a NIK's digits 7-12, or None."""
    if not nik or not _ENAM_BELAS_ANGKA.fullmatch(nik):
        return None
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        day -= 40
        sex = "P"
    return day, month, year, sex


def nik_cocok(nik: str, tanggal_lahir: dt.date | None, jenis_kelamin: str) -> bool:
    """Whether a NIK's birth-date and sex digits agree with the record (a warning when not)."""
    coded = nik_tanggal_lahir(nik)
    if coded is None or tanggal_lahir is None:
        return True
    day, month, year, sex = coded
    return (day, month, year, sex) == (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
        jenis_kelamin,
    )


def pesan_nik_tidak_cocok(nik: str, tanggal_lahir: dt.date, jenis_kelamin: str) -> str:
    """The Indonesian warning for a NIK that disagrees with birth date or sex."""
    return _(
        "Peringatan: angka tanggal lahir/jenis kelamin pada NIK %(nik)s tidak cocok dengan "
        "tanggal lahir %(tgl)s dan jenis kelamin %(jk)s yang dicatat."
    ) % {"nik": nik, "tgl": tanggal_lahir.strftime("%d-%m-%Y"), "jk": jenis_kelamin}
