"""python manage.py restore FILE: load a backup into a freshly migrated, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operasi.cadangan import CadanganError, pulihkan


class Command(BaseCommand):
    help = (
        "Pulihkan arsip dari `manage.py backup` ke basis data BARU yang sudah dimigrasi dan masih "
        "kosong (ditolak bila sudah berisi data). Semua checksum diperiksa sebelum disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", metavar="FILE", help="arsip rumahdataku-cadangan-*.tar.gz")

    def handle(self, *args, **opts):
        catat = self.stdout.write if opts["verbosity"] >= 2 else (lambda _s: None)
        try:
            hasil = pulihkan(Path(opts["berkas"]), catat=catat)
        except CadanganError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {hasil.arsip}: {hasil.tabel} tabel, {hasil.baris} baris, "
                f"{hasil.berkas} berkas media, dalam {hasil.detik:.1f} detik. Semua checksum "
                "cocok. Sesi masuk tidak ikut dicadangkan: semua pengguna perlu masuk ulang."
            )
        )
