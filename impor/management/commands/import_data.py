"""python manage.py import_data FILE [--format rumahdataku|opensid] [--desa KODE]
[--desa-nama NAMA] [--dry-run]: import a workbook, all or nothing; non-zero exit on any error."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impor import layanan
from impor.baca import FORMAT
from impor.models import Impor

MAKS_PERINGATAN = 50


class Command(BaseCommand):
    help = (
        "Impor data keluarga dari berkas Excel (.xlsx): templat/ekspor Rumah Dataku atau data "
        "penduduk OpenSID. Semua baris disimpan sekaligus, atau tidak sama sekali bila ada "
        "kesalahan."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .xlsx")
        parser.add_argument(
            "--format", choices=FORMAT, help="format berkas (bawaan: dikenali otomatis)"
        )
        parser.add_argument("--desa", metavar="KODE", help="kode Kemendagri desa tujuan")
        parser.add_argument(
            "--desa-nama",
            metavar="NAMA",
            help="buat desa --desa KODE dengan nama ini bila belum ada",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa dan tampilkan ringkasan tanpa menyimpan"
        )

    def handle(self, *args, **opts):
        path = Path(opts["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            desa = layanan.pilih_desa(opts["desa"], opts["desa_nama"], boleh_buat=True)
        except layanan.DesaTidakJelas as e:
            raise CommandError(str(e)) from None
        hasil = layanan.jalankan(
            path=path,
            nama_berkas=path.name,
            desa=desa,
            antarmuka=Impor.Antarmuka.CLI,
            format=opts["format"],
            simpan=not opts["dry_run"],
        )
        self._laporan(hasil, desa, opts["verbosity"])
        impor = hasil.impor
        if impor.galat:
            raise CommandError(
                f"{impor.galat} kesalahan; tidak ada yang disimpan. Perbaiki berkas lalu ulangi.",
                returncode=1,
            )
        if impor.status == Impor.Status.TERSIMPAN:
            pesan = "Tersimpan." if hasil.rencana.ada_perubahan else "Tidak ada perubahan."
            self.stdout.write(self.style.SUCCESS(pesan))
        else:
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")

    def _laporan(self, hasil, desa, verbosity: int) -> None:
        i = hasil.impor
        w = self.stdout.write
        w(f"Berkas: {i.nama_berkas} ({i.get_format_display() or 'format tidak dikenali'})")
        w(f"Desa: {desa.nama} ({desa.kode}){'' if desa.pk else ' — akan dibuat'}")
        w(f"Baris data: {i.jumlah_baris} (baris kosong dilewati: {i.baris_kosong})")
        w(f"Baris baru: {i.baru}, diubah: {i.diubah}, tidak berubah: {i.tetap}")
        for e in (i.rincian or {}).get("entitas", []):
            w(
                f"  {e['label']:<22} baru {e['baru']:>6}  diubah {e['diubah']:>6}  tetap {e['tetap']:>6}"
            )
        for lembar, kolom in (i.rincian or {}).get("kolom_diabaikan", {}).items():
            w(f"Kolom diabaikan di {lembar}: {', '.join(kolom)}")
        ibu = (i.rincian or {}).get("tautan_ibu_nama", [])
        if ibu:
            w(f"Ibu dikaitkan lewat nama ({len(ibu)}):")
            for t in ibu[: MAKS_PERINGATAN if verbosity < 2 else None]:
                w(f"  baris {t['baris']}: {t['anak']} ← {t['ibu']} (KK {t['no_kk']})")
        lepas = (i.rincian or {}).get("ibu_belum_ditautkan", [])
        if lepas:
            w(f"Ibu belum ditautkan ({len(lepas)}; masuk daftar kualitas data):")
            for t in lepas[: MAKS_PERINGATAN if verbosity < 2 else None]:
                w(f"  baris {t['baris']}: {t['anak']} ← {t['ibu']} (KK {t['no_kk']})")
        galat = [m for m in i.masalah if m["jenis"] == "galat"]
        peringatan = [m for m in i.masalah if m["jenis"] == "peringatan"]
        if galat:
            w(self.style.ERROR(f"Kesalahan ({i.galat}):"))
            for m in galat:
                w("  " + _baris(m))
        if peringatan:
            w(self.style.WARNING(f"Peringatan ({i.peringatan}):"))
            batas = None if verbosity >= 2 else MAKS_PERINGATAN
            for m in peringatan[:batas]:
                w("  " + _baris(m))
            if batas and i.peringatan > batas:
                w(f"  ... dan {i.peringatan - batas} lainnya (tampilkan semua dengan -v 2)")


def _baris(m: dict) -> str:
    tempat = m["lembar"] or "Berkas"
    if m["baris"]:
        tempat += f", baris {m['baris']}"
    if m["kolom"]:
        tempat += f", kolom {m['kolom']}"
    return f"{tempat}: {m['pesan']}"
