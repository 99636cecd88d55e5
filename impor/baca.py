"""Reading a workbook into :class:`DataBerkas`: format detection and the Rumah Dataku sheets.

Cell problems become row errors (sheet, row, column, Indonesian message); problems with the file as
a whole raise :class:`BerkasError`. Nothing here touches the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from impor import kolom as K
from impor import opensid, sel
from impor.baca_opensid import (
    OPENSID,
    baris_opensid,
    cari_lembar_opensid,
    keluarga_opensid,
)
from impor.berkas import (
    BerkasError,
    Penghitung,
    baca_header,
    baris_data,
    baris_lembar,
    baris_pertama,
    buka,
    pesan_kolom_kurang,
    teks_aman,
)
from impor.data import (
    BarisAnggota,
    BarisHamil,
    BarisKB,
    BarisKeluarga,
    BarisPeristiwa,
    BarisPindahRumah,
    BarisRumah,
    BarisWilayah,
    DataBerkas,
    RujukanOrang,
    Wilayah,
)
from impor.nilai import (
    cek_samar,
    json_sel,
    koordinat,
    kosong,
    nama_dusun,
    nomor_wilayah,
    tanggal_lampau,
    ya_tidak,
)
from impor.nilai import nik as sel_nik
from impor.nilai import no_kk as sel_no_kk
from impor.sel import SelError, normal_kode
from keluarga import kode

RUMAHDATAKU = "rumahdataku"
FORMAT = (RUMAHDATAKU, OPENSID)

_MAKS_SMALLINT = 32767
_MAKS_INT = 2_000_000_000


def baca_berkas(path: Path, format: str | None = None) -> DataBerkas:
    """Read a workbook (format given or detected); BerkasError for a bad file."""
    wb = buka(Path(path))
    try:
        fmt = format or deteksi_format(wb)
        if fmt == OPENSID:
            return baca_opensid(wb)
        if fmt == RUMAHDATAKU:
            return baca_rumahdataku(wb)
        raise BerkasError(_("Format %(f)s tidak dikenal.") % {"f": fmt})
    finally:
        wb.close()


def _nama_lembar(ws) -> str:
    return normal_kode(ws.title)


def deteksi_format(wb) -> str:
    """Rumah Dataku when a sheet carries one of our sheet names, else OpenSID when recognised."""
    ours = {normal_kode(n) for n in K.LEMBAR}
    if any(_nama_lembar(ws) in ours for ws in wb.worksheets):
        return RUMAHDATAKU
    if cari_lembar_opensid(wb) is not None:
        return OPENSID
    raise BerkasError(
        _(
            "Format berkas tidak dikenali. Templat Rumah Dataku punya lembar %(lembar)s; berkas "
            "OpenSID punya lembar 'Data Penduduk' atau lembar yang baris pertamanya berisi judul "
            "kolom OpenSID (%(kolom)s)."
        )
        % {
            "lembar": ", ".join(f"'{n}'" for n in K.URUTAN_LEMBAR),
            "kolom": ", ".join(opensid.KOLOM_WAJIB),
        }
    )


def nilai_sel(k: K.Kolom, v: object):
    """Parse one cell of a Rumah Dataku column; SelError with the reason."""
    j = k.jenis
    if j == "teks":
        s = " ".join(sel.teks(v).split()) if k.kunci in ("nama", "nama_ibu") else sel.teks(v)
        if k.maks and len(s) > k.maks:
            raise SelError(
                _("%(label)s terlalu panjang (%(n)s huruf; paling banyak %(m)s).")
                % {"label": k.judul, "n": len(s), "m": k.maks}
            )
        return s
    if j == "nik":
        cek_samar(v, k.judul)
        return sel_nik(v)
    if j == "no_kk":
        cek_samar(v, k.judul)
        return None if kosong(v) else sel_no_kk(v)
    if j == "tanggal":
        return sel.tanggal(v)
    if j == "kode":
        return sel.kode_pilihan(v, k.pilihan, k.judul) if k.pilihan else sel.teks(v)
    if j == "bilangan":
        n = sel.bilangan(v)
        maks = _MAKS_INT if k.kunci == "luas_lantai" else _MAKS_SMALLINT
        if n is not None and not 0 <= n <= maks:
            raise SelError(
                _("%(label)s harus bilangan 0 sampai %(m)s (tertulis: %(v)s).")
                % {"label": k.judul, "m": maks, "v": n}
            )
        return n
    if j == "desimal":
        return koordinat(v, k.judul, 90 if k.kunci == "lat" else 180)
    if j == "ya_tidak":
        return ya_tidak(v, k.judul)
    if j == "json":
        return json_sel(v, k.judul)
    if j == "dusun":
        return None if kosong(v) else nama_dusun(v)
    if j in ("rw", "rt"):
        return nomor_wilayah(v, k.judul, boleh_kosong=j == "rw")
    raise AssertionError(j)


# --- the one sheet reader ---------------------------------------------------------------------


@dataclass(frozen=True)
class Lembar:
    """A data sheet as `PembacaLembar` reads it: its headers, and what becomes of a data row."""

    kolom: tuple[str, ...]  # the headers it knows, in reading order
    wajib: tuple[str, ...]  # the headers it must have
    baris: Callable[[PembacaLembar, int, tuple], None]  # one data row: (reader, number, cells)
    akhir: Callable[[PembacaLembar], None] | None = None  # after the last row
    judul: Mapping[str, str] = field(default_factory=dict)  # field key -> header, for messages
    hanya_pulihkan: frozenset[str] = frozenset()  # headers read only when restoring an export
    berhenti_kolom_2: bool = False  # a row whose second cell is ### ends the data (old OpenSID)


class PembacaLembar:
    """One sheet of a workbook: its header checked against its `Lembar`, then its data rows."""

    def __init__(self, ws, lembar: Lembar, data: DataBerkas, penghitung: Penghitung):
        self.ws, self.lembar, self.data, self.penghitung = ws, lembar, data, penghitung
        self.judul = dict(lembar.judul)
        header = baca_header(baris_pertama(ws), lembar.kolom)
        kurang = [k for k in lembar.wajib if k not in header.posisi]
        if kurang:
            raise BerkasError(pesan_kolom_kurang(kurang, header.lain, ws.title))
        self.posisi = header.posisi
        self.kolom: list[tuple[str, int]] = []  # (header, position) of the columns read
        diabaikan = list(header.lain)
        for k in lembar.kolom:
            if k not in header.posisi:
                continue
            if k in lembar.hanya_pulihkan and not data.pulihkan:
                diabaikan.append(
                    _("%(k)s (hanya dipakai saat memulihkan ekspor desa lengkap)") % {"k": k}
                )
                continue
            self.kolom.append((k, header.posisi[k]))
        diabaikan += [_("%(k)s (kolom ganda)") % {"k": g} for g in header.ganda]
        if diabaikan:
            data.kolom_diabaikan[ws.title] = diabaikan
        # What a row builder keeps for `akhir` (OpenSID: each family's rows, by No KK).
        self.kumpul: defaultdict[str, list] = defaultdict(list)

    def baca(self) -> None:
        berhenti = self.lembar.berhenti_kolom_2
        for nomor, baris in baris_data(self.ws, self.penghitung, berhenti_kolom_2=berhenti):
            self.lembar.baris(self, nomor, baris)
        if self.lembar.akhir is not None:
            self.lembar.akhir(self)

    def galat(self, nomor: int, kunci: str, pesan: str) -> None:
        self.data.galat(self.ws.title, nomor, self.judul.get(kunci, kunci), pesan)

    def wajib(self, nomor: int, nilai: dict, kunci: Iterable[str]) -> bool:
        ok = True
        for k in kunci:
            if nilai.get(k) in (None, ""):
                self.galat(nomor, k, _("%(k)s wajib diisi.") % {"k": self.judul.get(k, k)})
                ok = False
        return ok

    def lampau(self, nomor: int, nilai: dict, *kunci: str) -> bool:
        """No date of `kunci` lies in the future; else one error on the first key's column."""
        try:
            for k in kunci:
                tanggal_lampau(nilai.get(k), self.judul[k])
        except SelError as e:
            self.galat(nomor, kunci[0], str(e))
            return False
        return True


def baca_lembar(data: DataBerkas, lembar: Iterable[tuple[object, Lembar]]) -> DataBerkas:
    """Read each (sheet, spec) in order; data and blank rows are counted over all of them."""
    penghitung = Penghitung()
    for ws, spek in lembar:
        PembacaLembar(ws, spek, data, penghitung).baca()
    data.jumlah_baris, data.baris_kosong = penghitung.data, penghitung.kosong
    return data


# --- OpenSID workbook: its one data sheet ------------------------------------------------------

LEMBAR_OPENSID = Lembar(
    kolom=tuple(opensid.KOLOM_OPENSID),
    wajib=tuple(opensid.KOLOM_WAJIB),
    baris=baris_opensid,
    akhir=keluarga_opensid,
    berhenti_kolom_2=True,
)


def baca_opensid(wb) -> DataBerkas:
    ws = cari_lembar_opensid(wb)
    if ws is None:
        raise BerkasError(
            _(
                "Lembar data OpenSID tidak ditemukan: tidak ada lembar 'Data Penduduk', dan tidak "
                "ada lembar yang baris pertamanya berisi judul kolom OpenSID (%(kolom)s)."
            )
            % {"kolom": ", ".join(opensid.KOLOM_WAJIB)}
        )
    data = DataBerkas(format=OPENSID)
    data.lembar_diabaikan = [w.title for w in wb.worksheets if w is not ws]
    return baca_lembar(data, [(ws, LEMBAR_OPENSID)])


# --- Rumah Dataku workbook ---------------------------------------------------------------------


def _baca_info(wb) -> dict[str, str]:
    for ws in wb.worksheets:
        if _nama_lembar(ws) == normal_kode(K.LEMBAR_INFO):
            info = {}
            for baris in baris_lembar(ws, max_col=2, max_row=50):
                if baris and baris[0] is not None:
                    info[normal_kode(teks_aman(baris[0]))] = teks_aman(
                        baris[1] if len(baris) > 1 else ""
                    )
            return info
    return {}


def baca_rumahdataku(wb) -> DataBerkas:
    data = DataBerkas(format=RUMAHDATAKU)
    data.info = _baca_info(wb)
    data.pulihkan = normal_kode(data.info.get("jenis", "")) == normal_kode(K.JENIS_EKSPOR_DESA)
    dikenal = {normal_kode(n): n for n in K.LEMBAR}
    lain = {normal_kode(n) for n in (K.LEMBAR_INFO, K.LEMBAR_KODE, K.LEMBAR_PETUNJUK)}
    lembar = {}
    for ws in wb.worksheets:
        n = _nama_lembar(ws)
        if n in dikenal and dikenal[n] not in lembar:
            lembar[dikenal[n]] = ws
        elif n not in lain:
            data.lembar_diabaikan.append(ws.title)
    if not lembar:
        raise BerkasError(
            _("Tidak ada lembar data Rumah Dataku (%(lembar)s) di berkas ini.")
            % {"lembar": ", ".join(K.URUTAN_LEMBAR)}
        )
    return baca_lembar(
        data, [(lembar[n], LEMBAR_RUMAHDATAKU[n]) for n in K.URUTAN_LEMBAR if n in lembar]
    )


@dataclass(frozen=True)
class _BarisRumahdataku:
    """A row of a Rumah Dataku sheet: its cells parsed by column type, checked, built and kept.

    `bangun(reader, number, values, person)` returns the row (None: an error was recorded); it
    goes to the DataBerkas attribute `simpan`, a list, or a dict keyed by the field `kunci`, where
    a second row with the same key is the error `ganda(key, first row)`.
    """

    kolom: Mapping[str, K.Kolom]  # header -> column
    bangun: Callable[[PembacaLembar, int, dict, RujukanOrang | None], object | None]
    simpan: str
    wajib: tuple[str, ...] = ()  # fields the row must fill (checked once its cells are valid)
    wajib_selalu: bool = False  # check them even when a cell is invalid
    orang: bool = False  # the row names a person (code, NIK, or No KK + name + birth date)
    kunci: str = ""
    ganda: Callable[[object, int], str] | None = None

    def __call__(self, p: PembacaLembar, nomor: int, baris: tuple) -> None:
        nilai, ok = {}, True
        for judul, i in p.kolom:
            k = self.kolom[judul]
            try:
                nilai[k.kunci] = nilai_sel(k, baris[i] if i < len(baris) else None)
            except SelError as e:
                p.data.galat(p.ws.title, nomor, k.judul, str(e))
                ok = False
        orang = _rujukan(p, nomor, nilai) if self.orang else None
        ok = ok and not (self.orang and orang is None)
        if self.wajib_selalu:
            ok = p.wajib(nomor, nilai, self.wajib) and ok
        elif ok:
            ok = p.wajib(nomor, nilai, self.wajib)
        if not ok:
            return
        tujuan = getattr(p.data, self.simpan)
        if self.kunci:
            kunci = nilai[self.kunci]
            if kunci in tujuan:
                p.galat(nomor, self.kunci, self.ganda(kunci, tujuan[kunci].baris))
                return
        b = self.bangun(p, nomor, nilai, orang)
        if b is None:
            return
        if self.kunci:
            tujuan[kunci] = b
        else:
            tujuan.append(b)


def _lembar_rumahdataku(nama: str, bangun, simpan: str, **aturan) -> Lembar:
    semua = K.LEMBAR[nama]
    return Lembar(
        kolom=tuple(k.judul for k in semua),
        wajib=tuple(k.judul for k in semua if k.wajib),
        baris=_BarisRumahdataku({k.judul: k for k in semua}, bangun, simpan, **aturan),
        judul={k.kunci: k.judul for k in semua},
        hanya_pulihkan=frozenset(k.judul for k in semua if k.pulihkan),
    )


def _wilayah_dari(nilai: dict) -> Wilayah:
    return Wilayah(nilai["dusun"], nilai["rw"], nilai["rt"])


def _wilayah(p: PembacaLembar, nomor: int, nilai: dict, orang) -> BarisWilayah:
    return BarisWilayah(p.ws.title, nomor, _wilayah_dari(nilai))


def _rumah(p: PembacaLembar, nomor: int, nilai: dict, orang) -> BarisRumah:
    return BarisRumah(
        p.ws.title,
        nomor,
        nilai["kode_rumah"],
        _wilayah_dari(nilai),
        nomor=nilai.get("nomor_rumah") or "",
        alamat=nilai.get("alamat") or "",
        lat=nilai.get("lat"),
        lng=nilai.get("lng"),
    )


_FIELD_KELUARGA = [
    "sumber_air",
    "jamban",
    "lantai",
    "dinding",
    "atap",
    "penerangan",
    "bahan_bakar",
    "kepemilikan_rumah",
    "luas_lantai",
    "jumlah_penghuni",
    "penerima_bansos",
    "terakhir_diverifikasi",
    "sumber",
]


def _keluarga(p: PembacaLembar, nomor: int, nilai: dict, orang) -> BarisKeluarga | None:
    if not p.lampau(nomor, nilai, "terakhir_diverifikasi"):
        return None
    return BarisKeluarga(
        p.ws.title,
        nomor,
        nilai["no_kk"],
        _wilayah_dari(nilai),
        nomor_rumah=nilai.get("nomor_rumah") or None,
        alamat=nilai.get("alamat") or None,
        lat=nilai.get("lat"),
        lng=nilai.get("lng"),
        kode_rumah=nilai.get("kode_rumah") or "",
        data={f: nilai[f] for f in _FIELD_KELUARGA if nilai.get(f) not in (None, "")},
        pembangunan_keluarga={
            str(n): nilai[f"pk_{n}"] for n in range(1, 19) if nilai.get(f"pk_{n}") is not None
        },
        indikator_ks={str(n): nilai[f"ks_{n}"] for n in range(1, 22) if nilai.get(f"ks_{n}")},
    )


_FIELD_ANGGOTA = [
    "nik",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "status_kawin",
    "usia_kawin_pertama",
    "akta_lahir",
    "hubungan",
    "agama",
    "pekerjaan",
    "pendidikan",
    "jkn",
    "keberadaan",
    "jumlah_anak_hidup",
    "status_hidup",
    "ibu_belum_ditautkan",
    "sumber",
]


def _anggota(p: PembacaLembar, nomor: int, nilai: dict, orang) -> BarisAnggota | None:
    if not p.lampau(nomor, nilai, "tanggal_lahir"):
        return None
    return BarisAnggota(
        p.ws.title,
        nomor,
        nilai["no_kk"],
        {f: nilai[f] for f in _FIELD_ANGGOTA if nilai.get(f) not in (None, "")},
        kode=nilai.get("kode_anggota") or "",
        ibu_nik=nilai.get("ibu_nik"),
        nama_ibu=nilai.get("nama_ibu") or "",
        kode_ibu=nilai.get("kode_ibu") or "",
        kode_asli=nilai.get("kode_asli") or {},
        kolom=p.judul,
    )


def _rujukan(p: PembacaLembar, nomor: int, nilai: dict) -> RujukanOrang | None:
    r = RujukanOrang(
        kode=nilai.get("kode_anggota") or "",
        nik=nilai.get("nik"),
        no_kk=nilai.get("no_kk"),
        nama=nilai.get("nama") or "",
        tanggal_lahir=nilai.get("tanggal_lahir"),
    )
    if r.kode or r.nik or (r.no_kk and r.nama and r.tanggal_lahir):
        return r
    p.galat(
        nomor,
        "nik",
        _("Orangnya tidak dapat dikenali: isi NIK, atau No KK, Nama dan Tanggal lahir."),
    )
    return None


def _kb(p: PembacaLembar, nomor: int, nilai: dict, orang: RujukanOrang) -> BarisKB | None:
    metode, alasan = nilai.get("metode") or "", nilai.get("alasan") or ""
    if metode and alasan:
        p.galat(nomor, "alasan", _("Isi Metode KB atau Alasan tidak ber-KB, tidak keduanya."))
        return None
    if not metode and not alasan:
        p.data.peringatan(
            p.ws.title,
            nomor,
            p.judul["metode"],
            _("Metode KB dan alasan kosong: baris ini dilewati (status KB yang ada tetap)."),
        )
        return None
    niat = nilai.get("niat") or ""
    if niat and metode not in kode.METODE_NIAT:
        p.galat(nomor, "niat", _("Keinginan punya anak hanya diisi untuk MAL atau KB tradisional."))
        return None
    if not p.lampau(nomor, nilai, "mulai"):
        return None
    return BarisKB(
        p.ws.title,
        nomor,
        orang,
        metode=metode,
        alasan=alasan,
        niat=niat,
        tempat=nilai.get("tempat_pelayanan") or "",
        mulai=nilai.get("mulai"),
        selesai=nilai.get("selesai"),
        baru=bool(nilai.get("baru")),
        sumber=nilai.get("sumber") or "",
        kolom=p.judul["metode"],
    )


def _hamil(p: PembacaLembar, nomor: int, nilai: dict, orang: RujukanOrang) -> BarisHamil | None:
    if not p.lampau(nomor, nilai, "selesai", "mulai", "hpht"):
        return None
    b = BarisHamil(
        p.ws.title,
        nomor,
        orang,
        hpht=nilai.get("hpht"),
        hpl=nilai.get("hpl"),
        mulai=nilai.get("mulai"),
        selesai=nilai.get("selesai"),
        hasil=nilai.get("hasil") or "",
        sumber=nilai.get("sumber") or "",
        kolom=p.judul["hpht"],
    )
    if b.selesai and not b.hasil:
        p.galat(nomor, "hasil", _("Isi hasil kehamilan yang berakhir."))
        return None
    if b.hasil and not b.selesai:
        p.galat(nomor, "selesai", _("Isi tanggal berakhir untuk kehamilan yang ada hasilnya."))
        return None
    if not (b.hpht or b.hpl or b.mulai or b.selesai):
        b.opensid_hamil = True  # pregnant, dates unknown: from the import date (DOMAIN §2)
    return b


def _peristiwa(p: PembacaLembar, nomor: int, nilai: dict, orang: RujukanOrang):
    if not p.lampau(nomor, nilai, "tanggal", "tanggal_lapor"):
        return None
    return BarisPeristiwa(
        p.ws.title,
        nomor,
        orang,
        jenis=nilai["jenis"],
        tanggal=nilai["tanggal"],
        tanggal_lapor=nilai.get("tanggal_lapor"),
        status_kawin_lama=nilai.get("status_kawin_lama") or "",
        kk_asal=nilai.get("kk_asal"),
        kk_tujuan=nilai.get("kk_tujuan"),
        keterangan=nilai.get("keterangan") or "",
        sumber=nilai.get("sumber") or "",
    )


def _pindah_rumah(p: PembacaLembar, nomor: int, nilai: dict, orang) -> BarisPindahRumah | None:
    if not p.lampau(nomor, nilai, "tanggal"):
        return None
    return BarisPindahRumah(
        p.ws.title,
        nomor,
        nilai["no_kk"],
        nilai["rumah_asal"],
        nilai["rumah_tujuan"],
        nilai["tanggal"],
        nilai.get("tanggal_lapor"),
    )


# The Rumah Dataku data sheets: what each row must have and what it becomes (read in URUTAN_LEMBAR).
LEMBAR_RUMAHDATAKU: dict[str, Lembar] = {
    K.LEMBAR_WILAYAH: _lembar_rumahdataku(K.LEMBAR_WILAYAH, _wilayah, "wilayah", wajib=("dusun",)),
    K.LEMBAR_RUMAH: _lembar_rumahdataku(
        K.LEMBAR_RUMAH,
        _rumah,
        "rumah",
        wajib=("kode_rumah", "dusun"),
        kunci="kode_rumah",
        ganda=lambda k, b: _("Kode rumah %(k)s sudah dipakai di baris %(b)s.") % {"k": k, "b": b},
    ),
    K.LEMBAR_KELUARGA: _lembar_rumahdataku(
        K.LEMBAR_KELUARGA,
        _keluarga,
        "keluarga",
        wajib=("no_kk", "dusun"),
        kunci="no_kk",
        ganda=lambda k, b: _("No KK %(kk)s sudah ada di baris %(b)s.") % {"kk": k, "b": b},
    ),
    K.LEMBAR_ANGGOTA: _lembar_rumahdataku(
        K.LEMBAR_ANGGOTA,
        _anggota,
        "anggota",
        wajib=("no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "status_kawin", "hubungan"),
        wajib_selalu=True,
    ),
    K.LEMBAR_PERISTIWA: _lembar_rumahdataku(
        K.LEMBAR_PERISTIWA, _peristiwa, "peristiwa", wajib=("jenis", "tanggal"), orang=True
    ),
    K.LEMBAR_KB: _lembar_rumahdataku(K.LEMBAR_KB, _kb, "status_kb", orang=True),
    K.LEMBAR_HAMIL: _lembar_rumahdataku(K.LEMBAR_HAMIL, _hamil, "kehamilan", orang=True),
    K.LEMBAR_PINDAH_RUMAH: _lembar_rumahdataku(
        K.LEMBAR_PINDAH_RUMAH,
        _pindah_rumah,
        "pindah_rumah",
        wajib=("no_kk", "rumah_asal", "rumah_tujuan", "tanggal"),
    ),
}
