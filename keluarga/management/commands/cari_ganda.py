"""python manage.py cari_ganda [--desa KODE] [--format text|json] [--nik-penuh]: refresh the stored
likely-duplicate pairs of a desa (every desa without --desa: the nightly run) and print the open
pairs at or above the threshold. NIKs are masked unless --nik-penuh, which (like export_data
--nik-penuh) is for server administrators and is written in the access log."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from keluarga import ganda
from keluarga.akses import catat_akses, samarkan
from keluarga.models import Desa, LogAkses


class Command(BaseCommand):
    help = (
        "Cari pasangan kemungkinan orang ganda (nama mirip, NIK beda 1 angka, tanggal lahir "
        "tertukar, …) dan simpan untuk diperiksa. NIK disamarkan kecuali dengan --nik-penuh."
    )

    def add_arguments(self, parser):
        parser.add_argument("--desa", help="Kode desa (10 angka); tanpa ini: semua desa.")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--ringkas",
            action="store_true",
            help="Hanya segarkan dan tulis jumlahnya, tanpa nama (untuk jadwal malam).",
        )
        parser.add_argument(
            "--nik-penuh",
            action="store_true",
            help="Tampilkan NIK lengkap (dicatat di log akses; hanya untuk administrator server).",
        )

    def handle(self, *args, **opts):
        if opts["desa"]:
            daftar_desa = list(Desa.objects.filter(kode=opts["desa"]))
            if not daftar_desa:
                raise CommandError(f"Desa dengan kode {opts['desa']} tidak ada.")
        else:
            daftar_desa = list(Desa.objects.order_by("kode"))
        nik_penuh = opts["nik_penuh"]
        keluaran = []
        for desa in daftar_desa:
            mulai = time.perf_counter()
            hitung = ganda.segarkan(desa.pk)
            detik = time.perf_counter() - mulai
            pasangan = list(
                ganda.terbuka([desa.pk])
                .select_related("anggota_a", "anggota_b")
                .order_by("-skor", "anggota_a_id", "anggota_b_id")
            )
            if opts["ringkas"]:  # counts only, no names: nothing for the access log
                self.stdout.write(
                    f"{desa.kode}: {len(pasangan)} pasangan terbuka, baru {hitung['baru']} "
                    f"({detik:.1f} detik)"
                )
                continue
            if opts["format"] == "text":
                self.stdout.write(
                    f"Desa {desa.nama} ({desa.kode}): {len(pasangan)} pasangan terbuka "
                    f"(baru {hitung['baru']}, diperbarui {hitung['diperbarui']}, "
                    f"hilang {hitung['dihapus']}; {detik:.1f} detik)"
                )
            for p in pasangan:
                a, b = p.anggota_a, p.anggota_b
                nik = [x.nik if nik_penuh else (samarkan(x.nik) if x.nik else None) for x in (a, b)]
                if opts["format"] == "json":
                    keluaran.append(
                        {
                            "desa": desa.kode,
                            "anggota": [a.pk, b.pk],
                            "nik": nik,
                            "skor": round(p.skor, 3),
                            "alasan": p.alasan.split(" · "),
                        }
                    )
                else:
                    self.stdout.write(
                        f"  {p.skor:.2f}  #{a.pk} {a.nama} ({nik[0] or 'tanpa NIK'}) — "
                        f"#{b.pk} {b.nama} ({nik[1] or 'tanpa NIK'}): {p.alasan}"
                    )
            catat_akses(
                None,
                LogAkses.Jenis.NIK_PENUH if nik_penuh else LogAkses.Jenis.DAFTAR_NAMA,
                f"cari_ganda desa {desa.kode} ({'NIK penuh' if nik_penuh else 'NIK disamarkan'})",
                "",
            )
        if opts["format"] == "json" and not opts["ringkas"]:
            self.stdout.write(json.dumps(keluaran, ensure_ascii=False, indent=1))
