"""python manage.py bersihkan_unggahan [--dry-run]: delete import uploads no longer needed.

Run every night before the backup (deploy/rumahdataku-backup.service)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from impor import layanan


class Command(BaseCommand):
    help = (
        "Hapus berkas unggahan impor yang tidak diperlukan lagi: berkas tanpa catatan impor "
        "(setelah 1 jam) dan berkas yang catatan impornya lebih dari 24 jam (tidak lagi bisa "
        "dikonfirmasi). Dijalankan tiap malam sebelum cadangan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="tampilkan berkas yang akan dihapus saja"
        )

    def handle(self, *args, **opts):
        if opts["dry_run"]:
            berkas = [p for p, _i in layanan.unggahan_usang()]
        else:
            berkas = layanan.bersihkan_unggahan()
        if opts["verbosity"] >= 2:
            for p in berkas:
                self.stdout.write(f"  {p.relative_to(settings.MEDIA_ROOT)}")
        kata = "akan dihapus" if opts["dry_run"] else "dihapus"
        self.stdout.write(f"Berkas unggahan impor {kata}: {len(berkas)}.")
