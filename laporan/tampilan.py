"""Turn a report dict (REPORT_JSON.md) into rows for the screen and print templates."""

from __future__ import annotations

from django.utils.translation import gettext as _

from keluarga import akses, kode
from keluarga.akses import K
from laporan import blok, daftar

JUDUL_TABEL = {
    1: _("Tabel 1. Penduduk menurut kelompok umur dan jenis kelamin"),
    2: _("Tabel 2. Mutasi penduduk"),
    3: _("Tabel 3. Keluarga"),
    4: _("Tabel 4. Pasangan usia subur dan KB"),
    5: _("Tabel 5. Kelompok kegiatan (poktan)"),
    6: _("Tabel 6. Posyandu: SKDN dan status gizi"),
    7: _("Tabel 7. Daftar sasaran tindak lanjut"),
    8: _("Tabel 8. Kualitas data"),
}

NAMA_POKTAN = {
    "bkb": "BKB",
    "bkr": "BKR",
    "pik_r": "PIK-R",
    "bkl": "BKL",
    "uppka": "UPPKA (dulu UPPKS)",
    "posyandu": "Posyandu",
}

NAMA_KUALITAS = {
    "pus_belum_terdata": _("PUS belum terdata status KB-nya"),
    "nik_tidak_cocok": _("NIK tidak cocok dengan tanggal lahir/jenis kelamin"),
    "kemungkinan_ganda": _("Kemungkinan orang ganda (nama dan tanggal lahir sama)"),
    "laki_laki_data_kb_perempuan": _("Laki-laki dengan data kehamilan/KB perempuan"),
    "metode_saat_hamil": _("Metode KB tercatat saat hamil"),
    "hamil_lebih_10_bulan": _("Kehamilan terbuka lebih dari 10 bulan"),
    "ibu_di_bawah_12_tahun": _("Ibu berumur di bawah 12 tahun saat melahirkan"),
    "ibu_belum_ditautkan": _("Ibu belum ditautkan (impor tidak dapat memastikan)"),
    "kepala_keluarga_tidak_satu": _("Keluarga tanpa kepala atau lebih dari satu"),
    "data_krs_belum_lengkap": _("Data KRS belum lengkap (air/jamban)"),
    "belum_diverifikasi_12_bulan": _("Keluarga belum diverifikasi 12 bulan"),
    "tahapan_ks_belum_lengkap": _("Tahapan KS belum lengkap"),
    "kandidat_ganda": _(
        "Pasangan kemungkinan orang ganda belum diperiksa (nama/NIK/tanggal mirip)"
    ),
}


def label_perbandingan(p: dict | None) -> dict:
    """Naik/Turun/Sama with a better/worse class for an indicator's comparison."""
    if not p or p.get("arah") is None:
        return {"teks": "–", "kelas": ""}
    teks = {"naik": _("Naik"), "turun": _("Turun"), "sama": _("Sama")}[p["arah"]]
    kelas = {True: "lebih-baik", False: "lebih-buruk", None: "netral"}[p.get("lebih_baik")]
    return {"teks": teks, "kelas": kelas}


def baris_kb(kb: dict, perbandingan: dict) -> list[dict]:
    def b(label, nilai, jalur=None, persen=False):
        p = perbandingan.get(jalur) if jalur else None
        return {
            "label": label,
            "nilai": nilai,
            "persen": persen,
            "lalu": p.get("bulan_lalu") if p else None,
            "banding": label_perbandingan(p) if jalur else None,
        }

    rows = [b(_("PUS"), kb["pus"], "kb.pus")]
    rows += [
        b(f"PA {kode.MetodeKB(m).label}", kb["peserta_aktif"][m]) for m in kode.MetodeKB.values
    ]
    rows += [
        b(_("Peserta KB aktif (PA)"), kb["peserta_aktif"]["total"], "kb.peserta_aktif.total"),
        b(_("MKJP"), kb["mkjp"]),
        b(_("Non-MKJP"), kb["non_mkjp"]),
        b(_("Peserta KB baru (PB)"), kb["peserta_baru"]["total"]),
        b(_("Tidak ber-KB: hamil"), kb["tidak_kb"]["hamil"]),
        b(_("Tidak ber-KB: IAS"), kb["tidak_kb"]["ias"]),
        b(_("Tidak ber-KB: IAT"), kb["tidak_kb"]["iat"]),
        b(_("Tidak ber-KB: TIAL"), kb["tidak_kb"]["tial"]),
        b(_("Belum terdata"), kb["belum_terdata"]),
        b("CPR (%)", kb["cpr"], "kb.cpr", True),
        b("mCPR (%)", kb["mcpr"], "kb.mcpr", True),
        b(_("CPR 7 cara (%)"), kb["cpr_7_cara"], persen=True),
        b("MKJP (%)", kb["mkjp_persen"], "kb.mkjp_persen", True),
        b(_("Unmet need (%)"), kb["unmet_need_persen"], "kb.unmet_need_persen", True),
    ]
    return rows


def konteks_laporan(user, laporan: dict, *, desa) -> dict:
    """Everything the report templates need; names in table 7 only for roles allowed."""
    from pendampingan.daftar import konteks_laporan as konteks_pendampingan

    tingkat_daftar = akses.tingkat(user, K.DAFTAR_NAMA)
    return {
        **konteks_pendampingan(user, laporan),
        "lap": laporan,
        "desa": desa,
        "judul_tabel": JUDUL_TABEL,
        "umur": [{**k, "total": k["L"] + k["P"]} for k in laporan["penduduk"]["kelompok_umur"]],
        "baris_kb": baris_kb(laporan["kb"], laporan["perbandingan"]),
        "poktan": [{"nama": NAMA_POKTAN[t], **v} for t, v in laporan["poktan"].items()],
        "kualitas": [
            {"kunci": k, "nama": NAMA_KUALITAS.get(k, k), "jumlah": v}
            for k, v in laporan["kualitas_data"].items()
        ],
        "daftar": [
            {"kunci": k, "label": daftar.JENIS.get(k, k), "jumlah": v}
            for k, v in laporan["daftar"].items()
        ],
        "boleh_nama": tingkat_daftar is not None,
        "boleh_kualitas_nama": akses.boleh(user, K.KUALITAS_DATA),
        "banding": {k: label_perbandingan(v) for k, v in laporan["perbandingan"].items()},
        "wilayah": laporan["per_wilayah"],
        **konteks_cakupan(user, laporan, desa=desa),
    }


def konteks_cakupan(user, laporan: dict, *, desa) -> dict:
    """Which area the page shows (laporan/wilayah.py), the query string that keeps it on the
    page's links, and whether to offer the switch to the Kampung KB area."""
    from laporan.wilayah import KAMPUNG_KB, ada_wilayah_kampung_kb

    cakupan = laporan.get("wilayah")
    kkb = cakupan is not None and cakupan["kunci"] == KAMPUNG_KB
    return {
        "cakupan": cakupan,
        "q_wilayah": f"?wilayah={KAMPUNG_KB}" if kkb else "",
        "pilihan_kkb": (
            desa is not None and akses.rt_kader_ids(user) is None and ada_wilayah_kampung_kb(desa)
        ),
        "cakupan_kkb": kkb,
    }


def kartu_skor_bulan(desa, laporan: dict, user=None) -> dict | None:
    """The Kampung KB classification card of a report page (ROLES.md: "Kampung KB portal form,
    classification and Rumah DataKu level" — None for a role without it, e.g. a kader): class,
    indices, twelve scores with the trend vs last month when that month is closed (its snapshot
    is at hand; an open last month is not recomputed just for the trend), what would lift the
    class, and the Rumah DataKu level with what the next one lacks. kampungkb computes it
    (``kampungkb/kartu.py``, registered in ``laporan/blok.py``); None when no app registered it."""
    return blok.KARTU.panggil("skor_kampung_kb", desa, laporan, user, bawaan=None)
