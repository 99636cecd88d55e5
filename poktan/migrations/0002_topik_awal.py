"""The usual BKKBN meeting topics per group type; editable afterwards in the admin."""

from django.db import migrations

TOPIK = {
    "bkb": [
        "Tumbuh kembang anak",
        "Pengasuhan dan stimulasi anak",
        "Gizi dan pemberian makan bayi dan anak",
        "Kesehatan anak dan imunisasi",
        "Pencegahan stunting (1000 HPK)",
        "Peran ayah dalam pengasuhan",
        "Perlindungan anak",
        "Kartu Kembang Anak (KKA)",
        "Kesiapan anak masuk sekolah (PAUD)",
        "Delapan fungsi keluarga",
    ],
    "bkr": [
        "Pendewasaan Usia Perkawinan (PUP)",
        "Kesehatan reproduksi remaja",
        "Bahaya NAPZA",
        "HIV/AIDS dan IMS",
        "Komunikasi orang tua–remaja",
        "Keterampilan hidup (life skills) remaja",
        "Pencegahan perkawinan anak",
        "Delapan fungsi keluarga",
        "Generasi Berencana (GenRe)",
    ],
    "pik_r": [
        "Pendewasaan Usia Perkawinan (PUP)",
        "Kesehatan reproduksi remaja",
        "Bahaya NAPZA",
        "HIV/AIDS dan IMS",
        "Keterampilan hidup (life skills)",
        "Konseling sebaya",
        "Perencanaan kehidupan berkeluarga",
        "Generasi Berencana (GenRe)",
    ],
    "bkl": [
        "Dimensi spiritual lansia tangguh",
        "Dimensi fisik lansia tangguh",
        "Dimensi emosional lansia tangguh",
        "Dimensi intelektual lansia tangguh",
        "Dimensi sosial kemasyarakatan lansia tangguh",
        "Dimensi profesional dan vokasional lansia tangguh",
        "Dimensi lingkungan lansia tangguh",
        "Perawatan jangka panjang lansia",
    ],
    "uppka": [
        "Pengelolaan usaha dan pembukuan",
        "Pemasaran produk",
        "Akses permodalan",
        "Peningkatan mutu produk dan kemasan",
        "Penyuluhan KB bagi anggota",
        "Pembinaan kesertaan ber-KB",
    ],
    "posyandu": [
        "Penimbangan dan pengukuran balita",
        "Penyuluhan gizi dan PMT",
        "Imunisasi",
        "Pemberian vitamin A",
        "Pemantauan perkembangan anak",
        "Kelas ibu hamil",
        "Pelayanan KB",
    ],
}


def isi(apps, schema_editor):
    Topik = apps.get_model("poktan", "Topik")
    for jenis, daftar in TOPIK.items():
        for i, nama in enumerate(daftar):
            Topik.objects.get_or_create(jenis=jenis, nama=nama, defaults={"urutan": i + 1})


def hapus(apps, schema_editor):
    Topik = apps.get_model("poktan", "Topik")
    for jenis, daftar in TOPIK.items():
        Topik.objects.filter(jenis=jenis, nama__in=daftar).delete()


class Migration(migrations.Migration):
    dependencies = [("poktan", "0001_initial")]
    operations = [migrations.RunPython(isi, hapus)]
