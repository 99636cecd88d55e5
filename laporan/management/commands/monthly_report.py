"""python manage.py monthly_report --month YYYY-MM [--desa KODE [--wilayah kampung-kb] |
--kecamatan KODE | --kabupaten KODE] --format json|xlsx|pdf --output FILE"""

from django.core.management.base import BaseCommand, CommandError

from keluarga.models import Desa
from laporan import laporan as lap
from laporan import services
from laporan.kabupaten import laporan_kabupaten
from laporan.keluaran import tulis_keluaran
from laporan.wilayah import KAMPUNG_KB, wilayah_kampung_kb


class Command(BaseCommand):
    help = "Laporan bulanan (agregat, tanpa nama) sebagai JSON, Excel atau PDF."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="TTTT-BB")
        grup = parser.add_mutually_exclusive_group()
        grup.add_argument("--desa", help="kode desa Kemendagri (10 angka)")
        grup.add_argument("--kecamatan", help="kode kecamatan Kemendagri (6 angka)")
        grup.add_argument(
            "--kabupaten", help="kode kabupaten/kota Kemendagri (4 angka): per kecamatan dan desa"
        )
        parser.add_argument(
            "--wilayah",
            choices=[KAMPUNG_KB],
            help="hanya wilayah Kampung KB (bila profilnya mencakup sebagian desa)",
        )
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--output", required=True)

    def handle(self, *args, **o):
        try:
            tahun, bulan = lap.parse_bulan(o["month"])
            desa = None
            if o["wilayah"] and (o["kecamatan"] or o["kabupaten"]):
                raise CommandError("--wilayah hanya untuk satu desa (--desa).")
            if o["kabupaten"]:
                laporan = laporan_kabupaten(o["kabupaten"], tahun, bulan)
            elif o["kecamatan"]:
                laporan = services.laporan_kecamatan(o["kecamatan"], tahun, bulan)
            else:
                desa = self._desa(o["desa"])
                wilayah = None
                if o["wilayah"]:
                    wilayah = wilayah_kampung_kb(desa)
                    if wilayah is None:
                        raise CommandError(
                            "Kampung KB desa ini mencakup seluruh desa (atau belum ada profilnya):"
                            " jalankan tanpa --wilayah."
                        )
                laporan = services.laporan_bulan(desa, tahun, bulan, wilayah=wilayah)
        except lap.LaporanDitolak as e:
            raise CommandError(str(e)) from e
        tulis_keluaran(laporan, o["format"], o["output"], desa=desa)
        self.stdout.write(
            f"Laporan {laporan['bulan']} ({laporan['status']}) ditulis ke {o['output']}"
        )

    def _desa(self, kode):
        if kode:
            desa = Desa.objects.filter(kode=kode).first()
            if desa is None:
                raise CommandError(f"Desa dengan kode {kode} tidak ada.")
            return desa
        semua = list(Desa.objects.all()[:2])
        if len(semua) != 1:
            raise CommandError("Ada lebih dari satu desa (atau belum ada): sebutkan --desa KODE.")
        return semua[0]
