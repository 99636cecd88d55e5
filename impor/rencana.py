"""The import plan: match what a workbook says with the database and decide every write.

Validation is done here in Python against data loaded once (regions, houses, families, members,
open KB statuses, pregnancies of the desa; NIKs and No KKs of other desa), so the number of
queries does not grow with the number of rows. Nothing is written: :mod:`terapkan` does that.

The rules mirror ``keluarga.services``: a KB status from an import starts on the import date and
is never baru, a new one ends the previous open one, a death ends KB status and pregnancy, a
marital change is a dated event (through ``services.ubah_status_kawin``), moves between families
and houses are dated moves. Empty cells never erase what is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from impor.data import (
    GALAT,
    PERINGATAN,
    BarisAnggota,
    BarisKeluarga,
    DataBerkas,
    Masalah,
    Wilayah,
)
from impor.rencana_anggota import AnggotaMixin
from impor.rencana_dasar import (  # noqa: F401  (Rencana and the counters are this module's API)
    BARU,
    DIUBAH,
    ENTITAS,
    IMPOR,
    TETAP,
    TINGKAT,
    Rencana,
    kdusun,
    knomor,
    potong,
)
from impor.rencana_riwayat import RiwayatMixin
from keluarga.models import (
    RT,
    RW,
    Anggota,
    Desa,
    Dusun,
    Kehamilan,
    Keluarga,
    Peristiwa,
    PindahRumah,
    Rumah,
    StatusKB,
)


class Perencana(AnggotaMixin, RiwayatMixin):
    """Builds a :class:`Rencana` for one file and one desa on one import date."""

    def __init__(
        self,
        data: DataBerkas,
        desa: Desa,
        tanggal: dt.date | None = None,
        *,
        tautan: dict[str, int] | None = None,
    ):
        self.data = data
        self.desa = desa
        self.tanggal = tanggal or timezone.localdate()
        self.r = Rencana(data=data, desa=desa, tanggal=self.tanggal)
        self.r.tautan = {str(k): int(v) for k, v in (tautan or {}).items()}
        self.r.masalah = list(data.masalah)
        self.lembar_galat = {(m.lembar, m.baris) for m in data.masalah if m.jenis == GALAT}

    # --- problems and outcomes ------------------------------------------------------------

    def galat(self, lembar, baris, kolom, pesan) -> None:
        self.r.masalah.append(Masalah(GALAT, lembar, baris, kolom, pesan))
        self.lembar_galat.add((lembar, baris))

    def peringatan(self, lembar, baris, kolom, pesan) -> None:
        self.r.masalah.append(Masalah(PERINGATAN, lembar, baris, kolom, pesan))

    def tandai(self, lembar: str, baris: int, hasil: str) -> None:
        kunci = (lembar, baris)
        lama = self.r.hasil_baris.get(kunci)
        if lama is None or TINGKAT[hasil] > TINGKAT[lama]:
            self.r.hasil_baris[kunci] = hasil

    def hitung(self, entitas: str, hasil: str) -> None:
        self.r.hitung[entitas][hasil] += 1

    # --- loading ------------------------------------------------------------------------------

    def muat(self) -> None:
        """Everything of this desa the matching needs, in a fixed number of queries."""
        d = self.desa
        self.dusun: dict[str, Dusun] = {}
        self.rw: dict[tuple, RW] = {}
        self.rt: dict[tuple, RT] = {}
        self.rumah: dict[int, Rumah] = {}
        self.kel: dict[str, Keluarga] = {}
        self.kel_pk: dict[int, Keluarga] = {}
        self.anggota: list[Anggota] = []
        self.nik_ada: dict[str, Anggota] = {}
        self.kkn_ada: dict[tuple, list[Anggota]] = defaultdict(list)
        self.kb_terbuka: dict[int, list[StatusKB]] = defaultdict(list)
        self.kb_semua: dict[tuple, StatusKB] = {}
        self.hamil: dict[int, list[Kehamilan]] = defaultdict(list)
        self.peristiwa_ada: set[tuple] = set()
        self.pindah_ada: set[tuple] = set()
        self.penghuni: Counter = Counter()  # families per house
        if d.pk is None:
            self.nik_lain, self.kk_lain = self._milik_desa_lain()
            return
        for dusun in Dusun.objects.filter(desa=d):
            self.dusun[kdusun(dusun.nama)] = dusun
        for rw in RW.objects.filter(desa=d).select_related("dusun"):
            self.rw[(kdusun(rw.dusun.nama), knomor(rw.nomor))] = rw
        for rt in RT.objects.filter(desa=d).select_related("rw__dusun"):
            self.rt[(kdusun(rt.rw.dusun.nama), knomor(rt.rw.nomor), knomor(rt.nomor))] = rt
        for rumah in Rumah.objects.filter(desa=d):
            self.rumah[rumah.pk] = rumah
        for k in Keluarga.objects.filter(desa=d):
            self.kel[k.no_kk] = k
            self.kel_pk[k.pk] = k
            self.penghuni[k.rumah_id] += 1
        for a in Anggota.objects.filter(desa=d):
            a._kel = self.kel_pk.get(a.keluarga_id)
            a._asal = (a.hubungan, a.status_hidup, a.keluarga_id)
            self.anggota.append(a)
            if a.nik:
                self.nik_ada[a.nik] = a
            self.kkn_ada[(a.keluarga_id, a.nama_normal, a.tanggal_lahir)].append(a)
        self.anggota_pk = {a.pk: a for a in self.anggota}
        for s in StatusKB.objects.filter(anggota__desa=d):
            if s.selesai is None:
                self.kb_terbuka[s.anggota_id].append(s)
            self.kb_semua[(s.anggota_id, s.mulai, s.metode, s.alasan)] = s
        for h in Kehamilan.objects.filter(ibu__desa=d):
            self.hamil[h.ibu_id].append(h)
        if self.data.peristiwa:
            self.peristiwa_ada = set(
                Peristiwa.objects.filter(anggota__desa=d).values_list(
                    "anggota_id", "jenis", "tanggal", "keluarga_asal_id", "keluarga_tujuan_id"
                )
            )
        if self.data.pindah_rumah:
            self.pindah_ada = set(
                PindahRumah.objects.filter(keluarga__desa=d).values_list(
                    "keluarga_id", "tanggal", "rumah_asal_id", "rumah_tujuan_id"
                )
            )
        self.nik_lain, self.kk_lain = self._milik_desa_lain()

    def _milik_desa_lain(self) -> tuple[set[str], set[str]]:
        """NIKs and No KKs of the file that belong to another desa (unique across the database)."""
        nik = {b.nik for b in self.data.anggota if b.nik} - set(self.nik_ada)
        kk = set(self.data.keluarga) | {b.no_kk for b in self.data.anggota}
        kk -= set(self.kel)
        lain_nik, lain_kk = set(), set()
        qs_a = (
            Anggota.objects.all()
            if self.desa.pk is None
            else Anggota.objects.exclude(desa=self.desa)
        )
        qs_k = (
            Keluarga.objects.all()
            if self.desa.pk is None
            else Keluarga.objects.exclude(desa=self.desa)
        )
        for bagian in potong(nik):
            lain_nik |= set(qs_a.filter(nik__in=bagian).values_list("nik", flat=True))
        for bagian in potong(kk):
            lain_kk |= set(qs_k.filter(no_kk__in=bagian).values_list("no_kk", flat=True))
        return lain_nik, lain_kk

    # --- the plan -----------------------------------------------------------------------------

    def rencanakan(self) -> Rencana:
        self.muat()
        if self.data.pulihkan:
            self._desa_dari_info()
        self._peristiwa_dari_berkas: set[tuple[int, str]] = (
            set()
        )  # (id(member), event) given by the file
        self._pindah_berkas: set[int] = set()  # id(family) with a house move in the file
        self._antre_peristiwa: list[tuple] = []
        self._antre_kawin: list[tuple] = []
        self._antre_pindah_rumah: list[tuple] = []
        self._kel_ditinggal: dict[int, Keluarga] = {}  # families a member of the file left
        self.by_kode: dict[str, Anggota] = {}
        self.by_nik: dict[str, Anggota] = {}
        self.by_kkn: dict[tuple, Anggota] = {}
        self.baris_orang: dict[int, BarisAnggota] = {}
        for b in self.data.wilayah:
            ada = len(self.r.rt_baru)
            self.rt_untuk(b.wilayah, b.lembar, b.baris)
            self.tandai(b.lembar, b.baris, BARU if len(self.r.rt_baru) > ada else TETAP)
        self._keluarga()
        self._anggota()
        self._usulan_ganda()
        self._ibu()
        self._peristiwa_berkas()
        self._peristiwa_otomatis()
        self._kepala()
        self._status_kb()
        self._kehamilan()
        self._pindah_rumah()
        for kunci in list(self.r.hasil_baris):
            if kunci in self.lembar_galat:
                del self.r.hasil_baris[kunci]
        return self.r

    def _desa_dari_info(self) -> None:
        """Restoring a desa export: a new desa takes its attributes from the Info sheet, and the
        first month of data is kept (reports of earlier months stay available)."""
        info = self.data.info
        kode_berkas = info.get("kode desa", "")
        if kode_berkas and kode_berkas != self.desa.kode:
            self.peringatan(
                "Info",
                None,
                "Kode desa",
                _("Berkas ini ekspor desa %(a)s, diimpor ke desa %(b)s.")
                % {"a": kode_berkas, "b": self.desa.kode},
            )
        try:
            awal = dt.date.fromisoformat(info.get("bulan awal data", ""))
        except ValueError:
            awal = None
        self.r.bulan_awal_data = awal
        if self.desa.pk is not None:
            return
        d = self.desa
        d.kelurahan = info.get("kelurahan", "").casefold() == "ya"
        d.kecamatan_nama = info.get("nama kecamatan", "")[:100]
        d.kabupaten_nama = info.get("nama kabupaten", "")[:100]
        for f, k in (("lat", "lintang pusat"), ("lng", "bujur pusat")):
            try:
                setattr(d, f, Decimal(info[k]) if info.get(k) else None)
            except (InvalidOperation, ValueError):
                setattr(d, f, None)

    # --- places -------------------------------------------------------------------------------

    def rt_untuk(self, w: Wilayah, lembar: str, baris: int) -> RT:
        """The RT of a written region, creating dusun/RW/RT in the plan when missing."""
        kd = kdusun(w.dusun)
        kunci = (kd, knomor(w.rw), knomor(w.rt))
        rt = self.rt.get(kunci)
        if rt is not None:
            return rt
        dusun = self.dusun.get(kd)
        if dusun is None:
            dusun = Dusun(desa=self.desa, nama=w.dusun)
            self.dusun[kd] = dusun
            self.r.dusun_baru.append(dusun)
        rw = self.rw.get(kunci[:2])
        if rw is None:
            rw = RW(dusun=dusun, desa=self.desa, nomor=w.rw)
            self.rw[kunci[:2]] = rw
            self.r.rw_baru.append(rw)
        rt = RT(rw=rw, desa=self.desa, nomor=w.rt)
        self.rt[kunci] = rt
        self.r.rt_baru.append(rt)
        self.hitung("wilayah", BARU)
        return rt

    def _rumah_baru(self, rt: RT, nomor: str, alamat: str, lat, lng) -> Rumah:
        rumah = Rumah(
            desa=self.desa, rt=rt, nomor=nomor or "", alamat=alamat or "", lat=lat, lng=lng
        )
        self.r.rumah_baru.append(rumah)
        self.hitung("rumah", BARU)
        return rumah

    def _rumah_sama(self, rumah: Rumah, rt: RT, nomor, alamat, lat, lng) -> bool:
        return (rumah.rt_id == rt.pk and rt.pk is not None) and (
            rumah.nomor,
            rumah.alamat,
            rumah.lat,
            rumah.lng,
        ) == (nomor or "", alamat or "", lat, lng)

    # --- families -----------------------------------------------------------------------------

    def _keluarga(self) -> None:
        data = self.data
        # Houses of the Rumah sheet (a desa export): the family's current house when equal,
        # else an equal unclaimed house of the desa, else a new one.
        self.rumah_kode: dict[str, Rumah] = {}
        diklaim: set[int] = set()
        per_kode = defaultdict(list)
        for b in data.keluarga.values():
            if b.kode_rumah:
                per_kode[b.kode_rumah].append(b)
        sama = defaultdict(list)
        for rumah in self.rumah.values():
            sama[(rumah.rt_id, rumah.nomor, rumah.alamat, rumah.lat, rumah.lng)].append(rumah)
        for kode_rumah, br in data.rumah.items():
            rt = self.rt_untuk(br.wilayah, br.lembar, br.baris)
            pilih = None
            for b in per_kode.get(kode_rumah, []):
                lama = self.kel.get(b.no_kk)
                if lama is not None:
                    h = self.rumah.get(lama.rumah_id)
                    if (
                        h is not None
                        and h.pk not in diklaim
                        and self._rumah_sama(h, rt, br.nomor, br.alamat, br.lat, br.lng)
                    ):
                        pilih = h
                        break
            if pilih is None and rt.pk is not None:
                for h in sama.get((rt.pk, br.nomor, br.alamat, br.lat, br.lng), []):
                    if h.pk not in diklaim:
                        pilih = h
                        break
            if pilih is None:
                pilih = self._rumah_baru(rt, br.nomor, br.alamat, br.lat, br.lng)
                self.tandai(br.lembar, br.baris, BARU)
            else:
                diklaim.add(pilih.pk)
                self.hitung("rumah", TETAP)
                self.tandai(br.lembar, br.baris, TETAP)
            self.rumah_kode[kode_rumah] = pilih
        # Houses by number inside an RT, existing or planned in this import.
        self.rumah_nomor: dict[tuple, Rumah] = {}
        for rumah in self.rumah.values():
            if rumah.nomor:
                self.rumah_nomor.setdefault((rumah.rt_id, rumah.nomor.casefold()), rumah)
        self.kel_baru: dict[str, Keluarga] = {}
        self.kel_baris: dict[int, BarisKeluarga] = {}
        for no_kk, b in data.keluarga.items():
            if no_kk in self.kk_lain:
                self.galat(
                    b.lembar,
                    b.baris,
                    "no_kk" if data.format == "opensid" else "No KK",
                    _("No KK %(kk)s sudah terdaftar dan tidak dapat dipakai lagi.") % {"kk": no_kk},
                )
                continue
            lama = self.kel.get(no_kk)
            if lama is None:
                self._keluarga_baru(b)
            else:
                self._keluarga_lama(b, lama)

    def _rumah_tujuan(self, b: BarisKeluarga, rt: RT) -> Rumah:
        """The house a family row points at: its code, its number in the RT, or a new house."""
        if b.kode_rumah and b.kode_rumah in self.rumah_kode:
            return self.rumah_kode[b.kode_rumah]
        if b.nomor_rumah:
            kunci = (rt.pk if rt.pk is not None else id(rt), b.nomor_rumah.casefold())
            rumah = self.rumah_nomor.get(kunci)
            if rumah is None:
                rumah = self._rumah_baru(rt, b.nomor_rumah, b.alamat, b.lat, b.lng)
                self.rumah_nomor[kunci] = rumah
            if b.kode_rumah:
                self.rumah_kode[b.kode_rumah] = rumah
            return rumah
        rumah = self._rumah_baru(rt, "", b.alamat, b.lat, b.lng)
        if b.kode_rumah:
            self.rumah_kode[b.kode_rumah] = rumah
        return rumah

    def _isi_keluarga(self, k: Keluarga, b: BarisKeluarga) -> set[str]:
        """Apply the row's family fields; the names of those that changed."""
        berubah = set()
        for f, v in b.data.items():
            if f == "sumber" and not self.data.pulihkan:
                continue
            if getattr(k, f) != v:
                setattr(k, f, v)
                berubah.add(f)
        for f, isi in (
            ("pembangunan_keluarga", b.pembangunan_keluarga),
            ("indikator_ks", b.indikator_ks),
        ):
            if isi:
                gabung = {**(getattr(k, f) or {}), **isi}
                if gabung != (getattr(k, f) or {}):
                    setattr(k, f, gabung)
                    berubah.add(f)
        tahap = k.hitung_tahapan_ks()
        if tahap != k.tahapan_ks:
            k.tahapan_ks = tahap
            berubah.add("tahapan_ks")
        return berubah

    def _keluarga_baru(self, b: BarisKeluarga) -> None:
        rt = self.rt_untuk(b.wilayah, b.lembar, b.baris)
        rumah = self._rumah_tujuan(b, rt)
        k = Keluarga(desa=self.desa, rumah=rumah, no_kk=b.no_kk, sumber=IMPOR)
        self._isi_keluarga(k, b)
        self.r.keluarga_baru.append(k)
        self.kel_baru[b.no_kk] = k
        self.kel_baris[id(k)] = b
        self.hitung("keluarga", BARU)
        self.tandai(b.lembar, b.baris, BARU)

    def _keluarga_lama(self, b: BarisKeluarga, k: Keluarga) -> None:
        self.kel_baris[id(k)] = b
        rt = self.rt_untuk(b.wilayah, b.lembar, b.baris)
        rumah = self.rumah.get(k.rumah_id)
        pindah = rumah is None or rumah.rt_id != rt.pk or rt.pk is None
        if b.kode_rumah and b.kode_rumah in self.rumah_kode:
            pindah = self.rumah_kode[b.kode_rumah] is not rumah
        elif b.nomor_rumah is not None and not pindah:
            pindah = rumah.nomor.casefold() != b.nomor_rumah.casefold()
        hasil = TETAP
        if pindah:
            tujuan = self._rumah_tujuan(b, rt)
            self._antre_pindah_rumah.append((k, rumah, tujuan, b))
            k.rumah = tujuan
            self.r.ubah(k, {"rumah"})
            hasil = DIUBAH
        elif rumah is not None:
            berubah = set()
            for f, v in (("alamat", b.alamat), ("lat", b.lat), ("lng", b.lng)):
                if v is not None and getattr(rumah, f) != v:
                    berubah.add(f)
            if berubah and self.penghuni[rumah.pk] > 1:
                self.peringatan(
                    b.lembar,
                    b.baris,
                    "alamat",
                    _(
                        "Rumah KK %(kk)s dipakai bersama keluarga lain: alamat/koordinatnya tidak "
                        "diubah dari impor (ubah dari halaman keluarga)."
                    )
                    % {"kk": k.no_kk},
                )
            elif berubah:
                for f in berubah:
                    setattr(rumah, f, {"alamat": b.alamat, "lat": b.lat, "lng": b.lng}[f])
                self.r.ubah(rumah, berubah)
                self.hitung("rumah", DIUBAH)
                hasil = DIUBAH
        berubah = self._isi_keluarga(k, b)
        if berubah:
            self.r.ubah(k, berubah)
            hasil = DIUBAH
        if hasil == DIUBAH:
            self.r.keluarga_tersentuh.add(k.pk)
        self.hitung("keluarga", hasil)
        self.tandai(b.lembar, b.baris, hasil)

    def keluarga_untuk(self, no_kk: str | None) -> Keluarga | None:
        if not no_kk:
            return None
        return self.kel_baru.get(no_kk) or self.kel.get(no_kk)
