"""python manage.py periksa_angka [--desa KODE] [--bulan YYYY-MM] [--perbaiki]

Compares the stored month figures (laporan.AngkaBulan) that a view would serve with a fresh
computation; exits non-zero on a difference unless --perbaiki rebuilt it."""

from django.core.management.base import BaseCommand, CommandError

from keluarga.models import Desa
from laporan import laporan as lap
from laporan import services


class Command(BaseCommand):
    help = "Bandingkan angka bulan tersimpan dengan hitungan baru; --perbaiki membangun ulang."

    def add_arguments(self, parser):
        parser.add_argument("--desa", help="kode desa Kemendagri (10 angka)")
        parser.add_argument("--bulan", help="TTTT-BB")
        parser.add_argument("--perbaiki", action="store_true", help="tulis ulang yang berbeda")

    def handle(self, *args, **o):
        desa_list = None
        if o["desa"]:
            desa_list = list(Desa.objects.filter(kode=o["desa"]))
            if not desa_list:
                raise CommandError(f"Desa dengan kode {o['desa']} tidak ada.")
        bulan = None
        if o["bulan"]:
            try:
                t, b = lap.parse_bulan(o["bulan"])
            except lap.LaporanDitolak as e:
                raise CommandError(str(e)) from e
            bulan = services._awal_bulan(t, b)
        beda = 0
        for row, kunci in services.periksa_tersimpan(desa_list, bulan, perbaiki=o["perbaiki"]):
            beda += 1
            self.stdout.write(
                f"BEDA {row.desa.kode} {row.bulan:%Y-%m} wilayah={row.kunci or '-'} "
                f"{'lengkap' if row.lengkap else 'ringkas'}: {', '.join(kunci)}"
                + (" — diperbaiki" if o["perbaiki"] else "")
            )
        if beda and not o["perbaiki"]:
            raise CommandError(f"{beda} angka tersimpan berbeda dari hitungan baru.")
        self.stdout.write(f"Selesai: {beda} berbeda" + (", diperbaiki." if beda else "."))
