"""Existing access-log rows without NIK or No KK digits (issue 13): the rule of
keluarga.akses.path_log, frozen here — every digit of a search parameter ``q`` and every run of
11 or more digits elsewhere (a family page used to be named "Keluarga <No KK>") become ``*``.
The rows themselves stay (who, when, which page)."""

import re
from urllib.parse import parse_qsl, urlencode

from django.db import migrations
from django.db.models import Q

_PANJANG = re.compile(r"\d{11,}")
_ANGKA = re.compile(r"\d")


def _tanpa_nomor(teks):
    return _PANJANG.sub(lambda m: "*" * len(m.group()), teks)


def _path(path):
    dasar, tanya, query = path.partition("?")
    if not tanya:
        return _tanpa_nomor(dasar)
    pasangan = []
    for kunci, nilai in parse_qsl(query, keep_blank_values=True):
        if kunci == "q":
            nilai = _ANGKA.sub("*", nilai)
        pasangan.append((_tanpa_nomor(kunci), _tanpa_nomor(nilai)))
    return f"{_tanpa_nomor(dasar)}?{urlencode(pasangan, safe='*')}"[:300]


def samarkan(apps, schema_editor):
    LogAkses = apps.get_model("keluarga", "LogAkses")
    ids = list(
        LogAkses.objects.filter(
            Q(path__contains="?") | Q(path__regex=r"[0-9]{11}") | Q(objek__regex=r"[0-9]{11}")
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for i in range(0, len(ids), 2000):
        ubah = []
        for log in LogAkses.objects.filter(pk__in=ids[i : i + 2000]).only("pk", "path", "objek"):
            path, objek = _path(log.path), _tanpa_nomor(log.objek)
            if (path, objek) != (log.path, log.objek):
                log.path, log.objek = path, objek
                ubah.append(log)
        LogAkses.objects.bulk_update(ubah, ["path", "objek"])


class Migration(migrations.Migration):
    dependencies = [
        ("keluarga", "0007_anggota_ibu_belum_ditautkan"),
    ]

    operations = [migrations.RunPython(samarkan, migrations.RunPython.noop)]
