"""The report as an Excel workbook (openpyxl): one formatted sheet per table, numeric cells.

Every text (labels such as ``= Akhir bulan``, region names) is a string cell (keluarga.xlsx).

Tables 7 and 8 are counts only (names reach Excel only through the export with names), and a
"Portal Kampung KB" sheet lays out the month's figures like the portal's monthly KKBPK form.
"""

from __future__ import annotations

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from keluarga import kode, xlsx
from laporan.tampilan import JUDUL_TABEL, NAMA_KUALITAS, NAMA_POKTAN

JUDUL = Font(bold=True, size=12)
KEPALA = Font(bold=True, color="FFFFFF")
ISI_KEPALA = PatternFill("solid", fgColor="0B6E4F")
TIPIS = Side(style="thin", color="B8C0CC")
GARIS = Border(left=TIPIS, right=TIPIS, top=TIPIS, bottom=TIPIS)
PERSEN = "0.0"


def _nama_wilayah(lap: dict) -> str:
    if "kabupaten" in lap:
        return f"Kabupaten/Kota {lap['kabupaten']['nama']}"
    if "kecamatan" in lap:
        return f"Kecamatan {lap['kecamatan']['nama']}"
    if lap.get("wilayah"):  # an area of the desa (laporan/wilayah.py)
        return f"Desa {lap['desa']['nama']} — {lap['wilayah']['nama']}"
    return f"Desa {lap['desa']['nama']}"


class _Lembar:
    """A sheet written row by row with a title, a header row and bordered numeric cells."""

    def __init__(self, wb: Workbook, nama: str, judul: str, lap: dict):
        self.ws = wb.create_sheet(nama[:31])
        xlsx.isi(self.ws, 1, 1, str(judul)).font = JUDUL
        xlsx.isi(
            self.ws,
            2,
            1,
            f"{_nama_wilayah(lap)} · bulan {lap['bulan']} · tanggal acuan {lap['tanggal_acuan']} · {lap['status']}",
        )
        self.baris = 4

    def kepala(self, *kolom):
        for i, teks in enumerate(kolom, start=1):
            c = xlsx.isi(self.ws, self.baris, i, str(teks))
            c.font, c.fill, c.border = KEPALA, ISI_KEPALA, GARIS
            c.alignment = Alignment(horizontal="center", wrap_text=True)
        self.baris += 1

    def isi(self, *nilai, persen_kolom=()):
        for i, v in enumerate(nilai, start=1):
            c = xlsx.isi(self.ws, self.baris, i, str(v) if isinstance(v, Promise) else v)
            c.border = GARIS
            if i in persen_kolom and isinstance(v, int | float):
                c.number_format = PERSEN
        self.baris += 1

    def lebar(self, *lebar):
        for i, w in enumerate(lebar, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w


def buku_laporan(lap: dict) -> Workbook:
    """The report workbook: tables 1–8, the breakdown by region and the portal sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    p, m, k, kb = lap["penduduk"], lap["mutasi"], lap["keluarga"], lap["kb"]

    t = _Lembar(wb, "T1 Penduduk", JUDUL_TABEL[1], lap)
    t.kepala("Kelompok umur", "L", "P", "Jumlah")
    for b in p["kelompok_umur"]:
        t.isi(b["kelompok"], b["L"], b["P"], b["L"] + b["P"])
    t.isi("Jumlah", p["jumlah"]["L"], p["jumlah"]["P"], p["jumlah"]["total"])
    t.baris += 1
    for kunci, label in [
        ("balita", "Balita (0–59 bulan)"),
        ("baduta", "Baduta (0–23 bulan)"),
        ("anak_usia_bkb", "Anak usia BKB (0–71 bulan)"),
        ("remaja", "Remaja (10–24, belum kawin)"),
        ("lansia", "Lansia (60+)"),
        ("wus", "WUS (15–49)"),
        ("ibu_hamil", "Ibu hamil"),
        ("anak_tanpa_akta", "Anak tanpa akta lahir"),
    ]:
        t.isi(label, p[kunci])
    t.lebar(32, 10, 10, 10)

    t = _Lembar(wb, "T2 Mutasi", JUDUL_TABEL[2], lap)
    t.kepala("", "L", "P", "Jumlah")
    for kunci, label in [
        ("awal", "Awal bulan"),
        ("lahir", "+ Lahir"),
        ("datang", "+ Datang"),
        ("meninggal", "− Meninggal"),
        ("pindah", "− Pindah"),
        ("akhir", "= Akhir bulan"),
        ("koreksi_bulan_lalu", "Koreksi bulan lalu (tidak dijumlahkan)"),
    ]:
        t.isi(label, m[kunci]["L"], m[kunci]["P"], m[kunci]["total"])
    t.lebar(36, 10, 10, 10)

    t = _Lembar(wb, "T3 Keluarga", JUDUL_TABEL[3], lap)
    t.kepala("Indikator", "Jumlah")
    for kunci, label in [
        ("jumlah", "Jumlah keluarga (KK)"),
        ("dengan_balita", "Keluarga dengan balita"),
        ("dengan_baduta", "Keluarga dengan baduta"),
        ("dengan_remaja", "Keluarga dengan remaja"),
        ("dengan_lansia", "Keluarga dengan lansia"),
        ("sasaran_krs", "Keluarga sasaran KRS"),
        ("krs", "Keluarga berisiko stunting (KRS)"),
        ("krs_data_belum_lengkap", "Data KRS belum lengkap"),
        ("kurang_mampu", "Keluarga kurang mampu"),
    ]:
        t.isi(label, k[kunci])
    for kunci, nilai in k["tahapan_ks"].items():
        t.isi(f"Tahapan KS: {kode.TahapanKS(kunci).label}", nilai)
    t.lebar(40, 12)

    t = _Lembar(wb, "T4 PUS dan KB", JUDUL_TABEL[4], lap)
    t.kepala("Indikator", "Bulan ini", "Bulan lalu", "Arah")
    banding = lap["perbandingan"]
    t.isi(
        "PUS",
        kb["pus"],
        banding.get("kb.pus", {}).get("bulan_lalu"),
        banding.get("kb.pus", {}).get("arah"),
    )
    for metode in kode.MetodeKB.values:
        t.isi(f"PA {kode.MetodeKB(metode).label}", kb["peserta_aktif"][metode])
    t.isi("Peserta KB aktif (PA)", kb["peserta_aktif"]["total"])
    t.isi("MKJP", kb["mkjp"])
    t.isi("Non-MKJP", kb["non_mkjp"])
    for metode in kode.MetodeKB.values:
        t.isi(f"PB {kode.MetodeKB(metode).label}", kb["peserta_baru"][metode])
    t.isi("Peserta KB baru (PB)", kb["peserta_baru"]["total"])
    for alasan in ("hamil", "ias", "iat", "tial"):
        t.isi(
            f"Tidak ber-KB: {alasan.upper() if alasan != 'hamil' else 'Hamil'}",
            kb["tidak_kb"][alasan],
        )
    t.isi("Belum terdata", kb["belum_terdata"])
    for kunci, label, jalur in [
        ("cpr", "CPR (%)", "kb.cpr"),
        ("mcpr", "mCPR (%)", "kb.mcpr"),
        ("cpr_7_cara", "CPR 7 cara (%)", None),
        ("mkjp_persen", "MKJP (%)", "kb.mkjp_persen"),
        ("unmet_need_persen", "Unmet need (%)", "kb.unmet_need_persen"),
    ]:
        b = banding.get(jalur, {}) if jalur else {}
        t.isi(label, kb[kunci], b.get("bulan_lalu"), b.get("arah"), persen_kolom=(2, 3))
    t.lebar(34, 12, 12, 10)

    t = _Lembar(wb, "T5 Poktan", JUDUL_TABEL[5], lap)
    t.kepala(
        "Poktan",
        "Kelompok",
        "Anggota",
        "Anggota aktif",
        "Sasaran",
        "Sasaran aktif",
        "Partisipasi (%)",
        "Pertemuan",
        "Kehadiran",
        "Belum lapor",
    )
    for jenis, b in lap["poktan"].items():
        t.isi(
            NAMA_POKTAN[jenis],
            b["kelompok"],
            b["anggota"],
            b["anggota_aktif"],
            b["sasaran"],
            b["sasaran_aktif"],
            b["partisipasi_persen"],
            b["pertemuan"],
            b["kehadiran"],
            b["belum_lapor"],
            persen_kolom=(7,),
        )
    t.lebar(22, 10, 10, 12, 10, 12, 14, 11, 11, 11)

    t = _Lembar(wb, "T6 Posyandu", JUDUL_TABEL[6], lap)
    pos = lap["posyandu"]
    t.kepala("Indikator", "Nilai")
    for kunci in ("s", "k", "d", "n", "t", "o", "dua_t", "bgm"):
        t.isi(kunci.upper().replace("DUA_T", "2T"), pos["skdn"][kunci])
    for kunci, label in (
        ("k_s", "K/S (%)"),
        ("d_s", "D/S (%)"),
        ("n_d", "N/D (%)"),
        ("d_k", "D/K (%)"),
        ("n_s", "N/S (%)"),
    ):
        t.isi(label, pos["rasio"].get(kunci), persen_kolom=(2,))
    for kunci, label in [
        ("diukur", "Anak diukur"),
        ("stunting", "Stunting"),
        ("sangat_pendek", "Sangat pendek"),
        ("underweight", "Berat badan kurang"),
        ("wasting", "Wasting"),
    ]:
        t.isi(label, pos[kunci])
    t.isi("Prevalensi stunting (%)", pos["prevalensi_stunting_persen"], persen_kolom=(2,))
    t.lebar(28, 12)

    t = _Lembar(wb, "T7 Daftar sasaran", JUDUL_TABEL[7] + " (jumlah)", lap)
    t.kepala("Daftar", "Jumlah")
    from laporan.daftar import JENIS

    for kunci, n in lap["daftar"].items():
        t.isi(str(JENIS.get(kunci, kunci)), n)
    t.lebar(36, 10)

    t = _Lembar(wb, "T8 Kualitas data", JUDUL_TABEL[8] + " (jumlah)", lap)
    t.kepala("Pemeriksaan", "Jumlah")
    for kunci, n in lap["kualitas_data"].items():
        t.isi(str(NAMA_KUALITAS.get(kunci, kunci)), n)
    t.lebar(56, 10)

    t = _Lembar(wb, "Per wilayah", "Rincian per wilayah", lap)
    t.kepala(
        "Tingkat",
        "Wilayah",
        "Kode",
        "Penduduk L",
        "Penduduk P",
        "KK",
        "PUS",
        "PA",
        "CPR (%)",
        "Unmet need (%)",
        "KRS",
    )
    for w in lap["per_wilayah"]:
        t.isi(
            w["tingkat"],
            w["nama"],
            w["kode"],
            w["penduduk"]["jumlah"]["L"],
            w["penduduk"]["jumlah"]["P"],
            w["keluarga"]["jumlah"],
            w["kb"]["pus"],
            w["kb"]["peserta_aktif"]["total"],
            w["kb"]["cpr"],
            w["kb"]["unmet_need_persen"],
            w["keluarga"]["krs"],
            persen_kolom=(9, 10),
        )
    t.lebar(8, 18, 36, 11, 11, 8, 8, 8, 9, 13, 8)

    lembar_pendampingan(wb, lap)
    lembar_portal(wb, lap)
    return wb


def lembar_pendampingan(wb: Workbook, lap: dict) -> None:
    """The block `pendampingan`: the five counts per target group and KB pasca persalinan."""
    p = lap.get("pendampingan")
    if not p:
        return
    from pendampingan.kode import Sasaran

    t = _Lembar(wb, "Pendampingan", "Pendampingan keluarga (TPK)", lap)
    t.kepala("Sasaran", "Terdaftar", "Didampingi", "Berisiko", "Dirujuk", "Bansos")
    for s in Sasaran:
        r = p[s.value]
        t.isi(
            str(s.label), r["terdaftar"], r["didampingi"], r["berisiko"], r["dirujuk"], r["bansos"]
        )
    k = p["kb_pasca_persalinan"]
    t.isi("KB pasca persalinan: ber-KB", k["pembilang"])
    t.isi("KB pasca persalinan: masa nifas berakhir", k["penyebut"])
    t.isi("KB pasca persalinan (%)", k["persen"], persen_kolom=(2,))
    t.lebar(34, 11, 11, 11, 11, 11)


def lembar_portal(wb: Workbook, lap: dict) -> None:
    """The Kampung KB portal's monthly form, from the report's `portal_kkbpk` block (the same
    figures as the page "Formulir Portal Kampung KB"), in the portal's order and labels."""
    from laporan import portal

    t = _Lembar(wb, "Portal Kampung KB", "Formulir Portal Kampung KB (isian bulanan)", lap)
    b = lap.get("portal_kkbpk")
    if b is None:  # a month closed before the form existed
        t.isi("Formulir portal tidak ada di laporan bulan yang sudah ditutup ini.")
        t.lebar(60)
        return
    t.isi(f"Wilayah: {b['cakupan']['nama']}")
    t.isi(
        "Siap dikirim"
        if b["siap_kirim"]
        else "Belum bisa dikirim: portal akan menolak sampai masalah di bawah dibereskan."
    )
    t.baris += 1
    t.kepala("Bagian", "Isian", "Nilai", "Dari (penyebut)")
    a = "A. Input KKBPK"
    t.isi(a, "Jumlah PUS", b["pus"])
    for k, label in portal.METODE_PORTAL:
        t.isi(a, f"Pengguna kontrasepsi: {label}", b["kontrasepsi"][k])
    t.isi(a, "Jumlah pengguna kontrasepsi", sum(b["kontrasepsi"].values()))
    for k, label in portal.ALASAN_PORTAL:
        t.isi(a, f"Non kontrasepsi: {label}", b["non_kontrasepsi"][k])
    t.isi(a, "Jumlah non kontrasepsi", sum(b["non_kontrasepsi"].values()))
    for k, label, penyebut, _kata in portal.IKUT_PORTAL:
        t.isi(a, f"Jumlah ikut {label}", b["ikut_poktan"][k], b["penyebut_poktan"][penyebut])
    t.isi(a, "Pengguna BPJS", b["pengguna_bpjs"], b["jumlah_jiwa"])
    t.baris += 1
    t.kepala("B. Input penduduk", "Kelompok umur", "Pria", "Wanita")
    for u in b["penduduk"]["umur"]:
        t.isi("B. Input penduduk", u["kelompok"], u["l"], u["p"])
    pen = b["penduduk"]
    t.isi(
        "B. Input penduduk",
        "Jumlah jiwa",
        sum(u["l"] for u in pen["umur"]),
        sum(u["p"] for u in pen["umur"]),
    )
    for k, label in (
        ("pus", "Jumlah PUS"),
        ("keluarga", "Jumlah keluarga"),
        ("remaja", "Jumlah remaja"),
        ("keluarga_balita", "Keluarga yang punya balita"),
        ("keluarga_remaja", "Keluarga yang punya remaja"),
        ("keluarga_lansia", "Keluarga yang punya lansia"),
    ):
        t.isi("B. Input penduduk", label, pen[k])
    if b["masalah"]:
        t.baris += 1
        t.kepala("C. Masalah", "Aturan", "Jumlah", "Keterangan")
        for m in b["masalah"]:
            awal = f"C. Masalah ({m['desa']})" if m.get("desa") else "C. Masalah"
            t.isi(awal, m["aturan"], m["jumlah"], m.get("judul", ""))
    t.lebar(22, 46, 12, 16)
