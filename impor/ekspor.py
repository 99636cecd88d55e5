"""Exports to .xlsx in the Rumah Dataku workbook layout (the importer reads them back).

Two kinds: a filtered family list (families and their members, from the list's own queryset) and
a whole desa (regions, houses, families, members, events, pregnancies, KB history) that
``import_data`` restores to the same data. NIK and No KK are masked unless asked otherwise; a
fixed number of queries whatever the number of families.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator

import openpyxl
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from impor import kolom as K
from keluarga import xlsx
from keluarga.akses import samarkan
from keluarga.models import (
    RT,
    Anggota,
    Desa,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)

FORMAT_TANGGAL = "DD-MM-YYYY"
_POTONG = 2000

# The list export is for people to read (and, with full NIK, to edit and import again).
_TANPA_DI_DAFTAR = {"kode_asli", "sumber", "ibu_belum_ditautkan"}


class Penulis:
    """Writes sheets of Kolom definitions into a write-only workbook (streamed, low memory)."""

    def __init__(self, *, nik_penuh: bool):
        self.wb = openpyxl.Workbook(write_only=True)
        self.nik_penuh = nik_penuh

    def nomor(self, v: str | None) -> str | None:
        if not v:
            return None
        return v if self.nik_penuh else samarkan(v)

    def lembar(self, nama: str, kolom: list[K.Kolom], baris: Iterable[dict]) -> int:
        ws = self.wb.create_sheet(nama)
        for i, k in enumerate(kolom, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(k.lebar, len(k.judul) + 2)
        ws.freeze_panes = "A2"
        ws.append([xlsx.sel(ws, str(k.judul), font=Font(bold=True)) for k in kolom])
        n = 0
        for isi in baris:
            ws.append([xlsx.sel(ws, self._sel(ws, k, isi.get(k.kunci))) for k in kolom])
            n += 1
        return n

    def _sel(self, ws, k: K.Kolom, v):
        """The value of a cell; text becomes a string cell in `lembar` (xlsx.sel)."""
        if v is None or v == "":
            return None
        if k.jenis in ("nik", "no_kk"):
            return self.nomor(v)
        if k.jenis == "tanggal":
            return xlsx.sel(ws, v, number_format=FORMAT_TANGGAL)
        if k.jenis == "kode" and k.pilihan is not None:
            try:
                return str(k.pilihan(v).label)
            except ValueError:
                return v
        if k.jenis == "ya_tidak":
            return "Ya" if v else "Tidak"
        if k.jenis == "json":
            return json.dumps(v, sort_keys=True, ensure_ascii=False) if v else None
        if k.jenis == "desimal":
            return float(v)
        return v

    def info(self, baris: list[tuple[str, str]]) -> None:
        ws = self.wb.create_sheet(K.LEMBAR_INFO)
        for b in baris:
            ws.append(xlsx.baris(ws, b))

    def simpan(self, tujuan=None):
        """Save to a path or file object; without one, return the bytes."""
        if tujuan is None:
            keluaran = io.BytesIO()
            self.wb.save(keluaran)
            return keluaran.getvalue()
        self.wb.save(tujuan)
        return None


def _iter(qs: QuerySet) -> Iterator:
    return qs.iterator(chunk_size=_POTONG)


def _wilayah(rt: RT) -> dict:
    return {"dusun": rt.rw.dusun.nama, "rw": rt.rw.nomor, "rt": rt.nomor}


def _baris_keluarga(k: Keluarga, rt_map: dict[int, RT]) -> dict:
    rumah = k.rumah
    isi = {
        "no_kk": k.no_kk,
        **_wilayah(rt_map[rumah.rt_id]),
        "nomor_rumah": rumah.nomor,
        "alamat": rumah.alamat,
        "lat": rumah.lat,
        "lng": rumah.lng,
        "kode_rumah": f"R{rumah.pk}",
    }
    for f in (
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
        "terakhir_diverifikasi",
        "sumber",
    ):
        isi[f] = getattr(k, f)
    isi["penerima_bansos"] = k.penerima_bansos
    for n, v in (k.pembangunan_keluarga or {}).items():
        isi[f"pk_{n}"] = v
    for n, v in (k.indikator_ks or {}).items():
        isi[f"ks_{n}"] = v
    return isi


def _orang(a: Anggota, no_kk: str) -> dict:
    return {
        "kode_anggota": f"A{a.pk}",
        "nik": a.nik,
        "no_kk": no_kk,
        "nama": a.nama,
        "tanggal_lahir": a.tanggal_lahir,
    }


def _baris_anggota(a: Anggota, no_kk: str, ibu: Anggota | None) -> dict:
    isi = {
        f: getattr(a, f)
        for f in (
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
            "kode_asli",
            "ibu_belum_ditautkan",
            "sumber",
        )
    }
    isi.update(kode_anggota=f"A{a.pk}", no_kk=no_kk)
    if ibu is not None:
        isi.update(ibu_nik=ibu.nik, nama_ibu=ibu.nama, kode_ibu=f"A{ibu.pk}")
    return isi


def _info(jenis: str, desa: Desa | None, nik_penuh: bool, ringkas: str = "") -> list[tuple]:
    baris = [
        ("Format", "Rumah Dataku"),
        ("Jenis", jenis),
        ("Versi", "1"),
        ("Diekspor", timezone.localtime().strftime("%d-%m-%Y %H:%M")),
        ("NIK", "penuh" if nik_penuh else "disamarkan (tidak bisa diimpor ulang)"),
    ]
    if desa is not None:
        baris += [
            ("Kode desa", desa.kode),
            ("Nama desa", desa.nama),
            ("Kelurahan", "Ya" if desa.kelurahan else "Tidak"),
            ("Nama kecamatan", desa.kecamatan_nama),
            ("Nama kabupaten", desa.kabupaten_nama),
            ("Bulan awal data", desa.bulan_awal_data.isoformat() if desa.bulan_awal_data else ""),
            ("Lintang pusat", str(desa.lat) if desa.lat is not None else ""),
            ("Bujur pusat", str(desa.lng) if desa.lng is not None else ""),
        ]
    if ringkas:
        baris.append(("Isi", ringkas))
    return baris


def ekspor_daftar(keluarga: QuerySet[Keluarga], *, nik_penuh: bool, tujuan=None):
    """The families of a (filtered, scoped) list and all their members; NIK masked unless
    ``nik_penuh``. Queries: families, members, RTs — whatever the list's length."""
    p = Penulis(nik_penuh=nik_penuh)
    kel = list(keluarga.select_related("rumah"))
    rt_map = {
        rt.pk: rt
        for rt in RT.objects.filter(pk__in={k.rumah.rt_id for k in kel}).select_related("rw__dusun")
    }
    no_kk = {k.pk: k.no_kk for k in kel}
    kolom_kel = [k for k in K.LEMBAR[K.LEMBAR_KELUARGA] if k.kunci not in _TANPA_DI_DAFTAR]
    kolom_agt = [k for k in K.LEMBAR[K.LEMBAR_ANGGOTA] if k.kunci not in _TANPA_DI_DAFTAR]
    p.lembar(K.LEMBAR_KELUARGA, kolom_kel, (_baris_keluarga(k, rt_map) for k in kel))
    anggota = (
        Anggota.objects.filter(keluarga_id__in=list(no_kk))
        .select_related("ibu")
        .order_by("keluarga__no_kk", "hubungan", "tanggal_lahir", "pk")
    )
    p.lembar(
        K.LEMBAR_ANGGOTA,
        kolom_agt,
        (_baris_anggota(a, no_kk[a.keluarga_id], a.ibu) for a in _iter(anggota)),
    )
    p.info(_info("Daftar keluarga", None, nik_penuh, f"{len(kel)} keluarga"))
    return p.simpan(tujuan)


def ekspor_desa(desa: Desa, *, nik_penuh: bool, tujuan=None):
    """The whole desa in one workbook that ``import_data`` reads back to the same data."""
    p = Penulis(nik_penuh=nik_penuh)
    rt_map = {
        rt.pk: rt
        for rt in RT.objects.filter(desa=desa)
        .select_related("rw__dusun")
        .order_by("rw__dusun__nama", "rw__nomor", "nomor")
    }
    p.lembar(K.LEMBAR_WILAYAH, K.LEMBAR[K.LEMBAR_WILAYAH], (_wilayah(rt) for rt in rt_map.values()))
    p.lembar(
        K.LEMBAR_RUMAH,
        K.LEMBAR[K.LEMBAR_RUMAH],
        (
            {
                "kode_rumah": f"R{r.pk}",
                **_wilayah(rt_map[r.rt_id]),
                "nomor_rumah": r.nomor,
                "alamat": r.alamat,
                "lat": r.lat,
                "lng": r.lng,
            }
            for r in _iter(Rumah.objects.filter(desa=desa).order_by("pk"))
        ),
    )
    no_kk = dict(Keluarga.objects.filter(desa=desa).values_list("pk", "no_kk"))
    p.lembar(
        K.LEMBAR_KELUARGA,
        K.LEMBAR[K.LEMBAR_KELUARGA],
        (
            _baris_keluarga(k, rt_map)
            for k in _iter(
                Keluarga.objects.filter(desa=desa).select_related("rumah").order_by("pk")
            )
        ),
    )
    orang = {}
    for a in _iter(Anggota.objects.filter(desa=desa).order_by("pk")):
        orang[a.pk] = a
    p.lembar(
        K.LEMBAR_ANGGOTA,
        K.LEMBAR[K.LEMBAR_ANGGOTA],
        (
            _baris_anggota(a, no_kk.get(a.keluarga_id, ""), orang.get(a.ibu_id))
            for a in orang.values()
        ),
    )

    def rujukan(anggota_id: int) -> dict:
        a = orang[anggota_id]
        return _orang(a, no_kk.get(a.keluarga_id, ""))

    p.lembar(
        K.LEMBAR_PERISTIWA,
        K.LEMBAR[K.LEMBAR_PERISTIWA],
        (
            {
                **rujukan(e.anggota_id),
                "jenis": e.jenis,
                "tanggal": e.tanggal,
                "tanggal_lapor": e.tanggal_lapor,
                "status_kawin_lama": e.status_kawin_lama,
                "kk_asal": no_kk.get(e.keluarga_asal_id),
                "kk_tujuan": no_kk.get(e.keluarga_tujuan_id),
                "keterangan": e.keterangan,
                "sumber": e.sumber,
            }
            for e in _iter(Peristiwa.objects.filter(anggota__desa=desa).order_by("tanggal", "pk"))
        ),
    )
    p.lembar(
        K.LEMBAR_KB,
        K.LEMBAR[K.LEMBAR_KB],
        (
            {
                **rujukan(s.anggota_id),
                "metode": s.metode,
                "alasan": s.alasan,
                "niat": s.niat,
                "tempat_pelayanan": s.tempat_pelayanan,
                "mulai": s.mulai,
                "selesai": s.selesai,
                "baru": s.baru,
                "sumber": s.sumber,
            }
            for s in _iter(StatusKB.objects.filter(anggota__desa=desa).order_by("mulai", "pk"))
        ),
    )
    p.lembar(
        K.LEMBAR_HAMIL,
        K.LEMBAR[K.LEMBAR_HAMIL],
        (
            {
                **rujukan(h.ibu_id),
                "hpht": h.hpht,
                "hpl": h.hpl,
                "mulai": h.mulai,
                "selesai": h.selesai,
                "hasil": h.hasil,
                "sumber": h.sumber,
            }
            for h in _iter(Kehamilan.objects.filter(ibu__desa=desa).order_by("mulai", "pk"))
        ),
    )
    p.lembar(
        K.LEMBAR_PINDAH_RUMAH,
        K.LEMBAR[K.LEMBAR_PINDAH_RUMAH],
        (
            {
                "no_kk": no_kk.get(m.keluarga_id),
                "rumah_asal": f"R{m.rumah_asal_id}",
                "rumah_tujuan": f"R{m.rumah_tujuan_id}",
                "tanggal": m.tanggal,
                "tanggal_lapor": m.tanggal_lapor,
            }
            for m in _iter(
                PindahRumah.objects.filter(keluarga__desa=desa).order_by("tanggal", "pk")
            )
        ),
    )
    p.info(_info(K.JENIS_EKSPOR_DESA, desa, nik_penuh))
    return p.simpan(tujuan)


def nama_berkas(awalan: str, desa: Desa | None = None, hari: dt.date | None = None) -> str:
    hari = hari or timezone.localdate()
    bagian = [awalan] + ([desa.kode] if desa else []) + [hari.strftime("%Y%m%d")]
    return "-".join(bagian) + ".xlsx"
