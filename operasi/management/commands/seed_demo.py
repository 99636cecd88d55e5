"""python manage.py seed_demo --families N [--villages V] [--seed S]: a synthetic demo village."""

from django.core.management.base import BaseCommand

from keluarga.models import Anggota, StatusKB
from keluarga.ringkasan import indikator_utama
from keluarga.statistik import segarkan_statistik
from operasi.demo import buat_demo
from operasi.demo_kampungkb import buat_demo_kampungkb
from operasi.demo_pendampingan import buat_demo_pendampingan
from operasi.demo_poktan import buat_demo_poktan
from pendampingan.models import Catin, Kunjungan


class Command(BaseCommand):
    help = "Buat desa demo sintetis yang deterministik (data palsu, bukan data warga)."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=300, help="jumlah keluarga seluruhnya")
        parser.add_argument("--villages", type=int, default=1, help="jumlah desa")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="lewati bila sudah ada data")

    def handle(self, *args, **opts):
        if opts["if_empty"] and Anggota.objects.exists():
            self.stdout.write("Data sudah ada; desa demo tidak dibuat ulang.")
            return
        hasil = buat_demo(keluarga=opts["families"], seed=opts["seed"], desa=opts["villages"])
        self.stdout.write(
            f"Dibuat {len(hasil.desa)} desa, {hasil.keluarga} keluarga, {hasil.anggota} anggota "
            f"dalam {hasil.detik:.1f} detik."
        )
        pok = buat_demo_poktan(hasil.desa, seed=opts["seed"])
        self.stdout.write(
            f"Poktan: {pok.kelompok} kelompok, {pok.pertemuan} pertemuan, "
            f"{pok.penimbangan} penimbangan."
        )
        n = buat_demo_kampungkb(hasil.desa, seed=opts["seed"])
        self.stdout.write(f"Kampung KB: profil, pokja, Rumah DataKu dan {n} kegiatan.")
        pen = buat_demo_pendampingan(hasil.desa, seed=opts["seed"])
        self.stdout.write(
            f"Pendampingan: {pen.catin} catin, {pen.kunjungan} kunjungan, "
            f"{pen.metode_kb} KB pasca persalinan, {pen.rujukan} rujukan."
        )
        # A seeding fills whole tables: the planner's statistics, once committed.
        ditulis = {**hasil.ditulis, **pok.ditulis, Catin: pen.catin, Kunjungan: pen.kunjungan}
        ditulis[StatusKB] = ditulis.get(StatusKB, 0) + pen.metode_kb
        tabel = segarkan_statistik(ditulis)
        if tabel:
            self.stdout.write(f"Statistik perencana kueri diperbarui: {len(tabel)} tabel.")
        for desa in hasil.desa[:3]:
            self.stdout.write(f"\n{desa.nama} ({desa.kode}):")
            for nama, nilai in indikator_utama(desa).items():
                self.stdout.write(f"  {nama:<28} {nilai}")
