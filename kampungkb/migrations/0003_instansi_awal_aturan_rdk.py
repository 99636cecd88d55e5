"""Seed the portal's 37 agencies (its order) and our default Rumah DataKu level rules; map each
activity's old partner codes and free text onto the agencies (no match: "Lainnya", text kept)."""

from django.db import migrations

INSTANSI = (
    "Dinas Perhubungan",
    "Kelautan dan Perikanan",
    "Pariwisata",
    "ESDM",
    "Dukcapil",
    "TNI–POLRI",
    "Kanwil Kemenkumham",
    "Kominfo",
    "BUMN dan BUMD",
    "Koperasi",
    "Perindustrian",
    "Perdagangan",
    "Pertanian",
    "Ketenagakerjaan",
    "PUPR",
    "Kehutanan dan Lingkungan Hidup",
    "Bina Marga dan Penataan Ruang",
    "Kanwil Kemenag",
    "Kesehatan",
    "Sosial",
    "PP dan PA",
    "Pendidikan",
    "Pemuda dan Olahraga",
    "PMD",
    "Pemerintahan Daerah",
    "OPD PPKB",
    "Pemerintahan Desa/Lurah",
    "Lembaga Pendidikan",
    "Swasta/Perusahaan",
    "Puskesmas",
    "RS/Klinik",
    "Komponen Masyarakat Kampung KB",
    "BPS",
    "Perwakilan BKKBN",
    "Ketahanan Pangan",
    "Peternakan dan Kesehatan Hewan",
    "Lainnya",
)
BUKAN_LINTAS_SEKTOR = {"OPD PPKB", "Perwakilan BKKBN"}

# The old partner codes (kampungkb.kode.Mitra) → agency (docs/DEFINISI.md).
MITRA = {
    "puskesmas": "Puskesmas",
    "pkk": "Komponen Masyarakat Kampung KB",
    "dinas_kb": "OPD PPKB",
    "dinas_lain": "Lainnya",
    "kua": "Kanwil Kemenag",
    "sekolah": "Lembaga Pendidikan",
    "tni_polri": "TNI–POLRI",
    "perguruan_tinggi": "Lembaga Pendidikan",
    "swasta": "Swasta/Perusahaan",
    "ormas": "Komponen Masyarakat Kampung KB",
    "lainnya": "Lainnya",
}
LABEL_DINAS_LAIN = "Dinas/instansi lain"

# Our default level rules (docs/DEFINISI.md): (level, what is counted, at least).
ATURAN = [
    ("sederhana", "sk", 1),
    ("sederhana", "fasilitas", 2),
    ("sederhana", "kelompok_data", 3),
    ("sederhana", "penyajian", 1),
    ("lengkap", "sk", 1),
    ("lengkap", "sumber_dana", 1),
    ("lengkap", "fasilitas", 4),
    ("lengkap", "kelompok_data", 5),
    ("lengkap", "penyajian", 2),
    ("lengkap", "pemanfaatan", 1),
    ("paripurna", "sk", 1),
    ("paripurna", "sumber_dana", 2),
    ("paripurna", "fasilitas", 5),
    ("paripurna", "kelompok_data", 7),
    ("paripurna", "penyajian", 3),
    ("paripurna", "pemanfaatan", 2),
]


def _kunci(teks: str) -> str:
    return " ".join(teks.replace("-", "–").lower().split())


def petakan(mitra: list, mitra_lain: str, nama: list[str]) -> tuple[list[str], str]:
    """An activity's old partners → (agency names, the text kept for "Lainnya")."""
    per_kunci = {_kunci(n): n for n in nama}
    pilih: list[str] = []
    teks_lain: list[str] = []
    for m in mitra or []:
        pilih.append(MITRA.get(m, "Lainnya"))
        if m == "dinas_lain":
            teks_lain.append(LABEL_DINAS_LAIN)
    if mitra_lain:
        cocok = per_kunci.get(_kunci(mitra_lain))
        if cocok is not None:
            pilih.append(cocok)
        else:
            pilih.append("Lainnya")
            teks_lain.insert(0, mitra_lain)
    return list(dict.fromkeys(pilih)), ", ".join(dict.fromkeys(teks_lain))[:200]


def maju(apps, schema_editor):
    Instansi = apps.get_model("kampungkb", "Instansi")
    Kegiatan = apps.get_model("kampungkb", "Kegiatan")
    Aturan = apps.get_model("kampungkb", "AturanRumahDataKu")
    for i, nama in enumerate(INSTANSI, start=1):
        Instansi.objects.update_or_create(
            nama=nama, defaults={"urutan": i, "lintas_sektor": nama not in BUKAN_LINTAS_SEKTOR}
        )
    for tingkat, syarat, minimal in ATURAN:
        Aturan.objects.get_or_create(tingkat=tingkat, syarat=syarat, defaults={"minimal": minimal})
    per_nama = dict(Instansi.objects.values_list("nama", "pk"))
    for k in Kegiatan.objects.all().iterator():
        pilih, lain = petakan(k.mitra, k.mitra_lain, list(per_nama))
        if lain != k.mitra_lain:
            k.mitra_lain = lain
            k.save(update_fields=["mitra_lain"])
        if pilih:
            k.instansi.set([per_nama[n] for n in pilih])


def mundur(apps, schema_editor):
    Kegiatan = apps.get_model("kampungkb", "Kegiatan")
    balik = {v: k for k, v in MITRA.items() if k not in ("dinas_lain", "perguruan_tinggi", "ormas")}
    for k in Kegiatan.objects.prefetch_related("instansi"):
        k.mitra = [balik[i.nama] for i in k.instansi.all() if i.nama in balik]
        k.save(update_fields=["mitra"])


class Migration(migrations.Migration):
    dependencies = [("kampungkb", "0002_portal_profil_instansi_rumah_dataku")]

    operations = [migrations.RunPython(maju, mundur)]
