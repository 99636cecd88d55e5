"""python manage.py export_data FILE.xlsx [--desa KODE] [--nik-penuh]: the whole desa in one
workbook that import_data reads back; NIK and No KK masked unless --nik-penuh."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impor import ekspor, layanan
from keluarga.akses import catat_akses
from keluarga.models import Anggota, Keluarga, LogAkses


class Command(BaseCommand):
    help = (
        "Ekspor seluruh data satu desa (wilayah, rumah, keluarga, anggota, peristiwa, kehamilan, "
        "riwayat KB) ke satu berkas .xlsx yang bisa diimpor kembali dengan import_data. NIK dan "
        "No KK disamarkan kecuali dengan --nik-penuh (untuk cadangan dan pindah server)."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas tujuan .xlsx")
        parser.add_argument(
            "--desa", metavar="KODE", help="kode desa (boleh kosong bila hanya satu)"
        )
        parser.add_argument(
            "--nik-penuh",
            action="store_true",
            help="tulis NIK dan No KK lengkap (berkas ini data pribadi: simpan dengan aman)",
        )

    def handle(self, *args, **opts):
        path = Path(opts["berkas"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Nama berkas tujuan harus berakhiran .xlsx.")
        try:
            desa = layanan.pilih_desa(opts["desa"])
        except layanan.DesaTidakJelas as e:
            raise CommandError(str(e)) from None
        nik_penuh = opts["nik_penuh"]
        path.parent.mkdir(parents=True, exist_ok=True)
        ekspor.ekspor_desa(desa, nik_penuh=nik_penuh, tujuan=path)
        if nik_penuh:
            path.chmod(0o600)
        catat_akses(
            None,
            LogAkses.Jenis.EKSPOR,
            f"export_data desa {desa.kode} ({'NIK penuh' if nik_penuh else 'NIK disamarkan'})",
            str(path),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Desa {desa.nama} ({desa.kode}) diekspor ke {path}: "
                f"{Keluarga.objects.filter(desa=desa).count()} keluarga, "
                f"{Anggota.objects.filter(desa=desa).count()} anggota; NIK "
                f"{'penuh — simpan berkas ini dengan aman' if nik_penuh else 'disamarkan'}."
            )
        )
