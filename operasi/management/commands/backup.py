"""python manage.py backup [--dir DIR]: one compressed archive of all data and uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operasi.cadangan import CadanganError, tulis_cadangan


class Command(BaseCommand):
    help = (
        "Cadangkan SELURUH data (termasuk riwayat perubahan dan berkas unggahan) ke satu arsip "
        "rumahdataku-cadangan-TANGGAL-JAM.tar.gz. Arsip berisi data pribadi warga: simpan di "
        "tempat aman (lihat docs/DEPLOY.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=".",
            help="folder tujuan arsip (bawaan: folder saat ini; dibuat bila belum ada)",
        )

    def handle(self, *args, **opts):
        catat = self.stdout.write if opts["verbosity"] >= 2 else (lambda _s: None)
        try:
            hasil = tulis_cadangan(Path(opts["dir"]), catat=catat)
        except (CadanganError, OSError) as e:
            raise CommandError(str(e)) from e
        ukuran = hasil.arsip.stat().st_size / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis: {hasil.arsip} ({hasil.tabel} tabel, {hasil.baris} baris, "
                f"{hasil.berkas} berkas media, {ukuran:.1f} MB) dalam {hasil.detik:.1f} detik."
            )
        )
