"""Reading an OpenSID population workbook: the data sheet, one member per row, one family per No KK.

Here: finding the sheet, the row builder and the family step; baca's one sheet reader reads the
sheet with them (`baca.LEMBAR_OPENSID`). Codes are mapped by :mod:`impor.opensid` (the
original code is kept); the reading stops at a row whose second cell is ``###``; blank rows are
skipped and counted.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from impor import nilai, opensid, sel
from impor.berkas import baca_header, baris_pertama
from impor.data import (
    BarisAnggota,
    BarisHamil,
    BarisKB,
    BarisKeluarga,
    DataBerkas,
    RujukanOrang,
    Wilayah,
)
from impor.nilai import koordinat, kosong, nama_dusun, nomor_wilayah, tanggal_lampau
from impor.sel import SelError, normal_kode
from keluarga import kode

OPENSID = "opensid"
_KOSONG_NIK = {"-", "--", "0"}


_NAMA_LEMBAR_OPENSID = "data penduduk"
# Our member fields -> the OpenSID column, for messages (one shared dict for every row).
_KOLOM_ANGGOTA_OPENSID = {
    "nik": "nik",
    "nama": "nama",
    "jenis_kelamin": "sex",
    "tanggal_lahir": "tanggallahir",
    "status_kawin": "status_kawin",
    "hubungan": "kk_level",
    "status_hidup": "status_dasar",
    "no_kk": "no_kk",
    "usia_kawin_pertama": "status_kawin",
}
# Codes kept in Anggota.kode_asli besides the mapped ones (Dukcapil lists we do not use).
_KODE_LAIN = ("warganegara_id", "golongan_darah_id", "cacat_id", "ktp_el", "status_rekam")


def cari_lembar_opensid(wb):
    """The sheet named 'Data Penduduk', else the first whose first row holds OpenSID headers."""
    for ws in wb.worksheets:
        if normal_kode(ws.title) == _NAMA_LEMBAR_OPENSID:
            return ws
    for ws in wb.worksheets:
        header = baca_header(baris_pertama(ws), opensid.KOLOM_OPENSID)
        if len(header.posisi) >= 3:
            return ws
    return None


class _Sel:
    """Cells of one OpenSID row by column name, collecting errors and warnings."""

    def __init__(self, lembar, nomor, baris, pos, data: DataBerkas):
        self.lembar, self.nomor, self.baris, self.pos, self.data = lembar, nomor, baris, pos, data
        self.ok = True

    def mentah(self, k: str):
        i = self.pos.get(k)
        return self.baris[i] if i is not None and i < len(self.baris) else None

    def ambil(self, k: str, fungsi, *args, wajib: bool = False):
        v = self.mentah(k)
        try:
            hasil = fungsi(v, *args)
        except SelError as e:
            self.galat(k, str(e))
            return None
        if wajib and hasil in (None, ""):
            self.galat(k, _("Kolom %(k)s wajib diisi.") % {"k": k})
        return hasil

    def galat(self, k: str, pesan: str) -> None:
        self.data.galat(self.lembar, self.nomor, k, pesan)
        self.ok = False

    def peringatan(self, k: str, pesan: str) -> None:
        if pesan:
            self.data.peringatan(self.lembar, self.nomor, k, pesan)


def _nik_opensid(v: object) -> str | None:
    if isinstance(v, str) and v.strip() in _KOSONG_NIK:
        return None
    return nilai.nik(v)


def _teks_maks(maks: int):
    def f(v: object) -> str:
        s = " ".join(sel.teks(v).split())
        if len(s) > maks:
            raise SelError(
                _("Teks terlalu panjang (%(n)s huruf; paling banyak %(m)s).")
                % {"n": len(s), "m": maks}
            )
        return s

    return f


def baris_opensid(p, nomor: int, baris: tuple) -> None:
    """One member row (a `Lembar.baris` of baca.LEMBAR_OPENSID); its family's place is kept."""
    lembar, data = p.ws.title, p.data
    s = _Sel(lembar, nomor, baris, p.posisi, data)
    nama = s.ambil("nama", _teks_maks(150), wajib=True)
    no_kk = s.ambil("no_kk", nilai.no_kk)
    nik = s.ambil("nik", _nik_opensid)
    sex = s.ambil("sex", opensid.petakan_sex)
    if sex is not None and not sex.nilai:
        s.galat("sex", _("Kolom sex wajib diisi (1 Laki-laki, 2 Perempuan)."))
    tgl = s.ambil("tanggallahir", sel.tanggal, wajib=True)
    if tgl is not None:
        tgl = s.ambil("tanggallahir", lambda _v: tanggal_lampau(tgl, "tanggallahir"))
    kawin = s.ambil("status_kawin", opensid.petakan_status_kawin)
    if kawin is not None and not kawin.nilai:
        s.galat("status_kawin", _("Kolom status_kawin wajib diisi (1-4)."))
    level = s.ambil("kk_level", opensid.petakan_kk_level)
    if level is not None and not level.nilai:
        s.galat("kk_level", _("Kolom kk_level wajib diisi (1-11)."))
    dusun = s.ambil("dusun", nama_dusun)
    rw = s.ambil("rw", nomor_wilayah, "RW", True)
    rt = s.ambil("rt", nomor_wilayah, "RT", False)
    agama = s.ambil("agama_id", opensid.petakan_agama)
    try:
        pendidikan = opensid.petakan_pendidikan(
            s.mentah("pendidikan_kk_id"), s.mentah("pendidikan_sedang_id")
        )
    except SelError as e:
        kolom = "pendidikan_sedang_id" if "sedang" in str(e) else "pendidikan_kk_id"
        s.galat(kolom, str(e))
        pendidikan = None
    pekerjaan = s.ambil("pekerjaan_id", opensid.petakan_pekerjaan)
    akta = s.ambil("akta_lahir", opensid.petakan_akta_lahir)
    asuransi = s.ambil("id_asuransi", opensid.petakan_asuransi)
    dasar = s.ambil("status_dasar", opensid.petakan_status_dasar)
    kb = s.ambil("cara_kb_id", opensid.petakan_cara_kb)
    hamil = s.ambil("hamil", opensid.petakan_hamil)
    tempat_lahir = s.ambil("tempatlahir", _teks_maks(100))
    alamat = s.ambil("alamat", _teks_maks(200))
    lat = s.ambil("lat", koordinat, "lat", 90)
    lng = s.ambil("lng", koordinat, "lng", 180)
    nama_ibu = s.ambil("nama_ibu", _teks_maks(150)) or ""
    ibu_nik = None
    v_ibu = s.mentah("ibu_nik")
    if isinstance(v_ibu, int | float) and not isinstance(v_ibu, bool):
        s.ambil("ibu_nik", sel.nik)  # a NIK stored as a number is always an error
    elif not kosong(v_ibu):
        try:
            ibu_nik = _nik_opensid(v_ibu)
        except SelError as e:
            s.peringatan("ibu_nik", _("%(e)s ibu_nik diabaikan.") % {"e": e})
    if not s.ok:
        return
    if dasar is not None:
        s.peringatan("status_dasar", dasar.peringatan)
    if pendidikan is not None:
        s.peringatan("pendidikan_sedang_id", pendidikan.peringatan)
    if lat == 0 and lng == 0:
        lat = lng = None
    isi = {
        "nik": nik,
        "nama": nama,
        "jenis_kelamin": sex.nilai,
        "tempat_lahir": tempat_lahir,
        "tanggal_lahir": tgl,
        "status_kawin": kawin.nilai,
        "hubungan": level.nilai,
        "agama": agama.nilai if agama else "",
        "pendidikan": pendidikan.nilai if pendidikan else "",
        "pekerjaan": pekerjaan.nilai if pekerjaan else "",
        "akta_lahir": akta.nilai if akta else "",
        "jkn": asuransi.nilai if asuransi else "",
        "status_hidup": dasar.nilai if dasar else kode.StatusHidup.HIDUP,
    }
    asli = {
        "sex": sex.asli,
        "status_kawin": kawin.asli,
        "kk_level": level.asli,
        "agama_id": agama.asli if agama else "",
        "pendidikan_kk_id": pendidikan.asli_kk if pendidikan else "",
        "pendidikan_sedang_id": pendidikan.asli_sedang if pendidikan else "",
        "pekerjaan_id": pekerjaan.asli if pekerjaan else "",
        "id_asuransi": asuransi.asli if asuransi else "",
        "status_dasar": dasar.asli if dasar else "",
        "cara_kb_id": kb.asli if kb else "",
        "hamil": hamil.asli if hamil else "",
    }
    for k in _KODE_LAIN:
        try:
            asli[k] = sel.kode_teks(s.mentah(k))[:20]
        except SelError:
            asli[k] = ""
    anggota = BarisAnggota(
        lembar,
        nomor,
        no_kk,
        {k: v for k, v in isi.items() if v not in (None, "")},
        ibu_nik=ibu_nik,
        nama_ibu=nama_ibu,
        kode_asli={k: v for k, v in asli.items() if v},
        kolom=_KOLOM_ANGGOTA_OPENSID,
    )
    data.anggota.append(anggota)
    p.kumpul[no_kk].append(  # (row, place, address, lat, lng, head of the family)
        (nomor, Wilayah(dusun, rw, rt), alamat or "", lat, lng, level.nilai == "1")
    )
    orang = RujukanOrang(anggota=anggota)
    if kb is not None and kb.tercatat:
        data.status_kb.append(
            BarisKB(
                lembar,
                nomor,
                orang,
                metode=kb.metode or "",
                tanpa_metode=kb.tanpa_metode,
                lunak=True,
                kolom="cara_kb_id",
            )
        )
    if hamil is not None and hamil.asli:
        data.kehamilan.append(
            BarisHamil(
                lembar, nomor, orang, opensid_hamil=bool(hamil.nilai), lunak=True, kolom="hamil"
            )
        )


def keluarga_opensid(p) -> None:
    """One family per No KK, placed where its head lives (else its first row): one house each."""
    lembar, data = p.ws.title, p.data
    for no_kk, daftar in p.kumpul.items():
        utama = next((t for t in daftar if t[5]), daftar[0])
        nomor, wilayah, alamat, lat, lng, _kepala = utama
        for t in daftar:
            if t[1].kunci != wilayah.kunci:
                data.peringatan(
                    lembar,
                    t[0],
                    "dusun",
                    _(
                        "Anggota KK %(kk)s ini tercatat di %(w1)s, tetapi keluarganya di %(w2)s "
                        "(baris %(b)s); dipakai wilayah keluarga."
                    )
                    % {
                        "kk": no_kk,
                        "w1": f"{t[1].dusun} RW {t[1].rw} RT {t[1].rt}",
                        "w2": f"{wilayah.dusun} RW {wilayah.rw} RT {wilayah.rt}",
                        "b": nomor,
                    },
                )
        data.keluarga[no_kk] = BarisKeluarga(
            lembar,
            nomor,
            no_kk,
            wilayah,
            nomor_rumah=None,
            alamat=alamat or None,
            lat=lat,
            lng=lng,
        )
