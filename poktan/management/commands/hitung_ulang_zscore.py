"""python manage.py hitung_ulang_zscore [--desa KODE]: recompute stored z-scores of weighings.

Needed after a child's birth date or sex was corrected: each weighing stores the age, z-scores,
flags and classes computed when it was saved (poktan.services.catat_penimbangan).
"""

from django.core.management.base import BaseCommand
from django.db.models import Q

from poktan.models import Penimbangan
from poktan.services import hitung_ulang_zscore


class Command(BaseCommand):
    help = "Hitung ulang z-score semua penimbangan (setelah tanggal lahir atau jenis kelamin dikoreksi)."

    def add_arguments(self, parser):
        parser.add_argument("--desa", help="kode Kemendagri desa posyandu (10 angka)")

    def handle(self, *args, **opts):
        qs = Penimbangan.objects.select_related("anggota", "anak_luar").order_by("pk")
        if opts["desa"]:
            qs = qs.filter(Q(pertemuan__kelompok__desa__kode=opts["desa"]))
        n = hitung_ulang_zscore(qs.iterator(chunk_size=2000))
        self.stdout.write(f"{n} penimbangan dihitung ulang.")
