"""Template filters for what a person reads (issue 20): one month format, "November 2026".

Registered as a builtin (settings.TEMPLATES), so every template can write ``{{ x|bulan }}``.
"""

import datetime as dt
import re

from django import template
from django.utils import formats

register = template.Library()

KODE_BULAN = re.compile(r"^(\d{4})-(\d{1,2})$")


@register.filter
def bulan(nilai):
    """ "2026-11", a date or (2026, 11) → "November 2026"; anything else unchanged."""
    if isinstance(nilai, dt.date):
        tanggal = nilai
    elif isinstance(nilai, tuple | list) and len(nilai) == 2:
        tanggal = dt.date(int(nilai[0]), int(nilai[1]), 1)
    else:
        cocok = KODE_BULAN.match(str(nilai or "").strip())
        if not cocok or not 1 <= int(cocok[2]) <= 12:
            return nilai
        tanggal = dt.date(int(cocok[1]), int(cocok[2]), 1)
    return formats.date_format(tanggal, "F Y")
