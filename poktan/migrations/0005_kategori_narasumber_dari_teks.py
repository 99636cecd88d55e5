"""The free-text presenter becomes a presenter category; the text stays as the presenter's name.

A text that names a category (e.g. "PLKB Budi", "sub ppkbd") takes that category; any other
non-empty text takes "lainnya". Reversing only empties the category.
"""

import re

from django.db import migrations

# Longest first, so "Sub-PPKBD" is not read as "PPKBD" and "PPLKB" not as "PLKB".
POLA = [
    ("sub_ppkbd", re.compile(r"\bsub[\s\-_]*ppkbd\b", re.IGNORECASE)),
    ("pplkb", re.compile(r"\bpplkb\b", re.IGNORECASE)),
    ("ppkbd", re.compile(r"\bppkbd\b", re.IGNORECASE)),
    ("plkb", re.compile(r"\bplkb\b", re.IGNORECASE)),
]


def kategori(teks: str) -> str:
    for kode, pola in POLA:
        if pola.search(teks):
            return kode
    return "lainnya" if teks.strip() else ""


def maju(apps, schema_editor):
    Pertemuan = apps.get_model("poktan", "Pertemuan")
    for p in Pertemuan.objects.exclude(narasumber="").only("pk", "narasumber").iterator():
        Pertemuan.objects.filter(pk=p.pk).update(kategori_narasumber=kategori(p.narasumber))


def mundur(apps, schema_editor):
    apps.get_model("poktan", "Pertemuan").objects.update(kategori_narasumber="")


class Migration(migrations.Migration):
    dependencies = [("poktan", "0004_siga_register")]

    operations = [migrations.RunPython(maju, mundur)]
