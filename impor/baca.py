"""Reading a workbook into :class:`DataBerkas`: format detection and the Rumah Dataku sheets.

Cell problems become row errors (sheet, row, column, Indonesian message); problems with the file as
a whole raise :class:`BerkasError`. Nothing here touches the database.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from impor import kolom as K
from impor import opensid, sel
from impor.baca_opensid import OPENSID, baca_opensid, cari_lembar_opensid
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


# --- Rumah Dataku workbook --------------------------------------------------------------------


class _PembacaLembar:
    """Rows of one Rumah Dataku sheet as {key: parsed value}, errors recorded per cell."""

    def __init__(self, ws, lembar: str, data: DataBerkas, penghitung: Penghitung):
        self.ws, self.lembar, self.data, self.penghitung = ws, lembar, data, penghitung
        semua = K.LEMBAR[lembar]
        header = baca_header(baris_pertama(ws), [k.judul for k in semua])
        kurang = [k.judul for k in semua if k.wajib and k.judul not in header.posisi]
        if kurang:
            raise BerkasError(pesan_kolom_kurang(kurang, header.lain, ws.title))
        self.kolom = []
        diabaikan = list(header.lain)
        for k in semua:
            if k.judul not in header.posisi:
                continue
            if k.pulihkan and not data.pulihkan:
                diabaikan.append(
                    _("%(k)s (hanya dipakai saat memulihkan ekspor desa lengkap)") % {"k": k.judul}
                )
                continue
            self.kolom.append((k, header.posisi[k.judul]))
        diabaikan += [_("%(k)s (kolom ganda)") % {"k": g} for g in header.ganda]
        if diabaikan:
            data.kolom_diabaikan[ws.title] = diabaikan
        self.judul = {k.kunci: k.judul for k in semua}

    def __iter__(self):
        for nomor, baris in baris_data(self.ws, self.penghitung):
            nilai, ok = {}, True
            for k, i in self.kolom:
                v = baris[i] if i < len(baris) else None
                try:
                    nilai[k.kunci] = nilai_sel(k, v)
                except SelError as e:
                    self.data.galat(self.ws.title, nomor, k.judul, str(e))
                    ok = False
            yield nomor, nilai, ok

    def galat(self, nomor: int, kunci: str, pesan: str) -> None:
        self.data.galat(self.ws.title, nomor, self.judul.get(kunci, kunci), pesan)

    def wajib(self, nomor: int, nilai: dict, kunci: list[str]) -> bool:
        ok = True
        for k in kunci:
            if nilai.get(k) in (None, ""):
                self.galat(nomor, k, _("%(k)s wajib diisi.") % {"k": self.judul.get(k, k)})
                ok = False
        return ok


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
    penghitung = Penghitung()
    baca = {
        K.LEMBAR_WILAYAH: _lembar_wilayah,
        K.LEMBAR_RUMAH: _lembar_rumah,
        K.LEMBAR_KELUARGA: _lembar_keluarga,
        K.LEMBAR_ANGGOTA: _lembar_anggota,
        K.LEMBAR_PERISTIWA: _lembar_peristiwa,
        K.LEMBAR_KB: _lembar_kb,
        K.LEMBAR_HAMIL: _lembar_hamil,
        K.LEMBAR_PINDAH_RUMAH: _lembar_pindah_rumah,
    }
    for nama in K.URUTAN_LEMBAR:
        if nama in lembar:
            baca[nama](_PembacaLembar(lembar[nama], nama, data, penghitung), data)
    data.jumlah_baris, data.baris_kosong = penghitung.data, penghitung.kosong
    return data


def _wilayah_dari(nilai: dict) -> Wilayah:
    return Wilayah(nilai["dusun"], nilai["rw"], nilai["rt"])


def _lembar_wilayah(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        if ok and p.wajib(nomor, nilai, ["dusun"]):
            data.wilayah.append(BarisWilayah(p.ws.title, nomor, _wilayah_dari(nilai)))


def _lembar_rumah(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        if not (ok and p.wajib(nomor, nilai, ["kode_rumah", "dusun"])):
            continue
        kode_rumah = nilai["kode_rumah"]
        if kode_rumah in data.rumah:
            p.galat(
                nomor,
                "kode_rumah",
                _("Kode rumah %(k)s sudah dipakai di baris %(b)s.")
                % {"k": kode_rumah, "b": data.rumah[kode_rumah].baris},
            )
            continue
        data.rumah[kode_rumah] = BarisRumah(
            p.ws.title,
            nomor,
            kode_rumah,
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


def _lembar_keluarga(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        if not (ok and p.wajib(nomor, nilai, ["no_kk", "dusun"])):
            continue
        no_kk = nilai["no_kk"]
        if no_kk in data.keluarga:
            p.galat(
                nomor,
                "no_kk",
                _("No KK %(kk)s sudah ada di baris %(b)s.")
                % {"kk": no_kk, "b": data.keluarga[no_kk].baris},
            )
            continue
        try:
            tanggal_lampau(nilai.get("terakhir_diverifikasi"), p.judul["terakhir_diverifikasi"])
        except SelError as e:
            p.galat(nomor, "terakhir_diverifikasi", str(e))
            continue
        data.keluarga[no_kk] = BarisKeluarga(
            p.ws.title,
            nomor,
            no_kk,
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
_WAJIB_ANGGOTA = ["no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "status_kawin", "hubungan"]


def _lembar_anggota(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        if not (p.wajib(nomor, nilai, _WAJIB_ANGGOTA) and ok):
            continue
        try:
            tanggal_lampau(nilai["tanggal_lahir"], p.judul["tanggal_lahir"])
        except SelError as e:
            p.galat(nomor, "tanggal_lahir", str(e))
            continue
        data.anggota.append(
            BarisAnggota(
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
        )


def _rujukan(p: _PembacaLembar, nomor: int, nilai: dict) -> RujukanOrang | None:
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


def _lembar_kb(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        orang = _rujukan(p, nomor, nilai)
        if not ok or orang is None:
            continue
        metode, alasan = nilai.get("metode") or "", nilai.get("alasan") or ""
        if metode and alasan:
            p.galat(
                nomor,
                "alasan",
                _("Isi Metode KB atau Alasan tidak ber-KB, tidak keduanya."),
            )
            continue
        if not metode and not alasan:
            data.peringatan(
                p.ws.title,
                nomor,
                p.judul["metode"],
                _("Metode KB dan alasan kosong: baris ini dilewati (status KB yang ada tetap)."),
            )
            continue
        niat = nilai.get("niat") or ""
        if niat and metode not in kode.METODE_NIAT:
            p.galat(
                nomor, "niat", _("Keinginan punya anak hanya diisi untuk MAL atau KB tradisional.")
            )
            continue
        mulai, selesai = nilai.get("mulai"), nilai.get("selesai")
        try:
            tanggal_lampau(mulai, p.judul["mulai"])
        except SelError as e:
            p.galat(nomor, "mulai", str(e))
            continue
        data.status_kb.append(
            BarisKB(
                p.ws.title,
                nomor,
                orang,
                metode=metode,
                alasan=alasan,
                niat=niat,
                tempat=nilai.get("tempat_pelayanan") or "",
                mulai=mulai,
                selesai=selesai,
                baru=bool(nilai.get("baru")),
                sumber=nilai.get("sumber") or "",
                kolom=p.judul["metode"],
            )
        )


def _lembar_hamil(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        orang = _rujukan(p, nomor, nilai)
        if not ok or orang is None:
            continue
        try:
            tanggal_lampau(nilai.get("selesai"), p.judul["selesai"])
            tanggal_lampau(nilai.get("mulai"), p.judul["mulai"])
            tanggal_lampau(nilai.get("hpht"), p.judul["hpht"])
        except SelError as e:
            p.galat(nomor, "selesai", str(e))
            continue
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
            continue
        if b.hasil and not b.selesai:
            p.galat(nomor, "selesai", _("Isi tanggal berakhir untuk kehamilan yang ada hasilnya."))
            continue
        if not (b.hpht or b.hpl or b.mulai or b.selesai):
            b.opensid_hamil = True  # pregnant, dates unknown: from the import date (DOMAIN §2)
        data.kehamilan.append(b)


def _lembar_peristiwa(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        orang = _rujukan(p, nomor, nilai)
        if not ok or orang is None or not p.wajib(nomor, nilai, ["jenis", "tanggal"]):
            continue
        try:
            tanggal_lampau(nilai["tanggal"], p.judul["tanggal"])
            tanggal_lampau(nilai.get("tanggal_lapor"), p.judul["tanggal_lapor"])
        except SelError as e:
            p.galat(nomor, "tanggal", str(e))
            continue
        data.peristiwa.append(
            BarisPeristiwa(
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
        )


def _lembar_pindah_rumah(p: _PembacaLembar, data: DataBerkas) -> None:
    for nomor, nilai, ok in p:
        if not ok or not p.wajib(nomor, nilai, ["no_kk", "rumah_asal", "rumah_tujuan", "tanggal"]):
            continue
        try:
            tanggal_lampau(nilai["tanggal"], p.judul["tanggal"])
        except SelError as e:
            p.galat(nomor, "tanggal", str(e))
            continue
        data.pindah_rumah.append(
            BarisPindahRumah(
                p.ws.title,
                nomor,
                nilai["no_kk"],
                nilai["rumah_asal"],
                nilai["rumah_tujuan"],
                nilai["tanggal"],
                nilai.get("tanggal_lapor"),
            )
        )
