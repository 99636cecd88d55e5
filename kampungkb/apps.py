from django.apps import AppConfig


class KampungkbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kampungkb"
    verbose_name = "Kampung KB"

    def ready(self):
        from kampungkb import kartu
        from kampungkb.klasifikasi import isi_klasifikasi, kegiatan_peta
        from kampungkb.ringkasan import penandatangan, ringkasan_kepala_desa
        from laporan import blok

        # What kampungkb adds to laporan (laporan/blok.py); a desa report's block, omitted in sums.
        blok.daftarkan("klasifikasi_kampung_kb", isi_klasifikasi)
        blok.KARTU.daftarkan("skor_kampung_kb", kartu.kartu_skor_bulan)
        blok.KARTU.daftarkan("rencana_kampung_kb", ringkasan_kepala_desa)
        blok.PAKET.daftarkan("notulen", kartu.notulen_bulan)
        blok.SUMBER.daftarkan("penandatangan", penandatangan)
        blok.SUMBER.daftarkan("wilayah_kampung_kb", kartu.wilayah_kampung_kb)
        blok.SUMBER.daftarkan("ada_wilayah_kampung_kb", kartu.ada_wilayah_kampung_kb)
        blok.daftarkan_lapisan("lintas_sektor", kegiatan_peta)
