"""Planning the histories of a file: events, KB status, pregnancies and house moves."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from impor.data import RujukanOrang
from impor.rencana_dasar import (
    BARU,
    DIUBAH,
    IMPOR,
    JK,
    JP,
    SH,
    TETAP,
    ringkas,
    tanggal_teks,
)
from keluarga import kode
from keluarga.models import Anggota, Kehamilan, Peristiwa, PindahRumah, StatusKB, normalisasi_nama


class RiwayatMixin:
    """Events, KB status, pregnancies and house moves of :class:`impor.rencana.Perencana`."""

    # --- people named by history rows ------------------------------------------------------------

    def orang(self, r: RujukanOrang) -> Anggota | None:
        if r.anggota is not None:
            return r.anggota.target
        if r.kode and r.kode in self.by_kode:
            return self.by_kode[r.kode]
        if r.nik:
            return self.by_nik.get(r.nik) or self.nik_ada.get(r.nik)
        if r.no_kk and r.nama and r.tanggal_lahir:
            nn = normalisasi_nama(r.nama)
            a = self.by_kkn.get((r.no_kk, nn, r.tanggal_lahir))
            if a is None:
                kel = self.kel.get(r.no_kk)
                if kel is not None:
                    calon = self.kkn_ada.get((kel.pk, nn, r.tanggal_lahir), [])
                    a = calon[0] if calon else None
            return a
        return None

    def _orang_atau_galat(self, lembar, baris, r: RujukanOrang) -> Anggota | None:
        a = self.orang(r)
        if a is None and r.anggota is None:
            siapa = r.nik or r.kode or f"{r.nama} ({r.no_kk}, {tanggal_teks(r.tanggal_lahir)})"
            self.galat(
                lembar,
                baris,
                "NIK",
                _("Orang %(s)s tidak ada di lembar Anggota maupun di data desa ini.")
                % {"s": ringkas(siapa)},
            )
        return a

    # --- events -------------------------------------------------------------------------------

    def _peristiwa_berkas(self) -> None:
        for b in self.data.peristiwa:
            a = self._orang_atau_galat(b.lembar, b.baris, b.orang)
            if a is None:
                continue
            asal = self.keluarga_untuk(b.kk_asal)
            tujuan = self.keluarga_untuk(b.kk_tujuan)
            if b.jenis == JP.PINDAH_KK and (asal is None or tujuan is None):
                self.galat(
                    b.lembar,
                    b.baris,
                    "No KK asal" if asal is None else "No KK tujuan",
                    _(
                        "Peristiwa pindah KK perlu No KK asal dan tujuan yang ada di berkas atau desa."
                    ),
                )
                continue
            if b.tanggal < a.tanggal_lahir:
                self.galat(
                    b.lembar,
                    b.baris,
                    "Tanggal",
                    _("Tanggal peristiwa tidak boleh sebelum tanggal lahir (%(t)s).")
                    % {"t": tanggal_teks(a.tanggal_lahir)},
                )
                continue
            lapor = b.tanggal_lapor or b.tanggal
            if lapor < b.tanggal:
                self.galat(
                    b.lembar,
                    b.baris,
                    "Tanggal lapor",
                    _("Tanggal lapor tidak boleh sebelum tanggal peristiwa."),
                )
                continue
            kunci = (
                a.pk,
                b.jenis,
                b.tanggal,
                asal.pk if asal is not None else None,
                tujuan.pk if tujuan is not None else None,
            )
            if None not in kunci[:1] and kunci in self.peristiwa_ada:
                self.hitung("peristiwa", TETAP)
                self.tandai(b.lembar, b.baris, TETAP)
                continue
            if a.pk:
                self.peristiwa_ada.add(kunci)
            self._peristiwa_dari_berkas.add((id(a), b.jenis))
            if b.jenis == JP.PINDAH_KK:
                self._peristiwa_dari_berkas.add((id(a), "pindah_kk"))
            self.r.peristiwa_baru.append(
                Peristiwa(
                    anggota=a,
                    jenis=b.jenis,
                    tanggal=b.tanggal,
                    tanggal_lapor=lapor,
                    status_kawin_lama=b.status_kawin_lama,
                    keluarga_asal=asal,
                    keluarga_tujuan=tujuan,
                    keterangan=b.keterangan,
                    sumber=(b.sumber or IMPOR) if self.data.pulihkan else IMPOR,
                )
            )
            if a.pk:
                self.r.keluarga_tersentuh.add(a.keluarga_id)
            self.hitung("peristiwa", BARU)
            self.tandai(b.lembar, b.baris, BARU)

    def _peristiwa_otomatis(self) -> None:
        """Events for what changed in the file (status, family, marriage), dated the import date,
        unless the file's Peristiwa sheet already gives that event."""
        for a, jenis, _b, extra in self._antre_peristiwa:
            if (id(a), jenis) in self._peristiwa_dari_berkas:
                continue
            keterangan = ""
            if a.status_hidup == SH.HILANG and jenis == JP.PINDAH_KELUAR:
                keterangan = _("Hilang (dari impor)")
            self.r.peristiwa_baru.append(
                Peristiwa(
                    anggota=a,
                    jenis=jenis,
                    tanggal=self.tanggal,
                    tanggal_lapor=self.tanggal,
                    keterangan=keterangan or _("Dari impor"),
                    sumber=IMPOR,
                    **(extra or {}),
                )
            )
            self.hitung("peristiwa", BARU)
            if a.pk and jenis == JP.MENINGGAL:
                self._akhiri_saat_meninggal(a)
        for a, status, _b in self._antre_kawin:
            jenis = {v: k for k, v in kode.PERISTIWA_STATUS_KAWIN.items()}[status]
            if (id(a), jenis) in self._peristiwa_dari_berkas:
                a.status_kawin = status
                self._ubah_anggota(a, {"status_kawin"})
            else:
                self.r.kawin_ubah.append((a, status))
                self.hitung("peristiwa", BARU)
                self.r.keluarga_tersentuh.add(a.keluarga_id)

    def _akhiri_saat_meninggal(self, a: Anggota) -> None:
        """A death ends the open KB status and pregnancy (as services.catat_kematian does)."""
        for s in self.kb_terbuka.pop(a.pk, []):
            s.selesai = max(self.tanggal, s.mulai)
            self.r.ubah(s, {"selesai"})
            self.hitung("status_kb", DIUBAH)
        for h in self.hamil.get(a.pk, []):
            if h.selesai is None:
                h.selesai, h.hasil = max(self.tanggal, h.mulai), kode.HasilKehamilan.LAINNYA
                self.r.ubah(h, {"selesai", "hasil"})
                self.hitung("kehamilan", DIUBAH)

    # --- KB status ----------------------------------------------------------------------------

    def _baris_tandai(self, b, a: Anggota) -> tuple[str, int]:
        """Where a history row's outcome is counted (OpenSID: the member's row)."""
        if b.orang.anggota is not None:
            return b.orang.anggota.lembar, b.orang.anggota.baris
        return b.lembar, b.baris

    def _status_kb(self) -> None:
        sudah: dict[int, object] = {}
        for b in self.data.status_kb:
            a = self._orang_atau_galat(b.lembar, b.baris, b.orang)
            if a is None:
                continue
            lembar, baris = self._baris_tandai(b, a)
            if a.status_hidup != SH.HIDUP and not (self.data.pulihkan and b.mulai):
                if not b.lunak:
                    self.peringatan(
                        b.lembar,
                        b.baris,
                        b.kolom,
                        _("%(nama)s tidak tercatat tinggal di desa: status KB tidak dicatat.")
                        % {"nama": a.nama},
                    )
                self.tandai(lembar, baris, TETAP)
                continue
            if (
                a.jenis_kelamin == JK.LAKI_LAKI
                and not b.tanpa_metode
                and (b.alasan or b.metode not in kode.METODE_PRIA)
            ):
                pesan = _("Status KB laki-laki hanya MOP atau Kondom (%(nama)s: %(m)s).") % {
                    "nama": a.nama,
                    "m": b.metode or b.alasan,
                }
                if b.lunak:
                    self.peringatan(b.lembar, b.baris, b.kolom, pesan + " " + _("Tidak dicatat."))
                    self.tandai(lembar, baris, TETAP)
                else:
                    self.galat(b.lembar, b.baris, b.kolom, pesan)
                continue
            if self.data.pulihkan and b.mulai:
                self._kb_pulihkan(b, a, lembar, baris)
                continue
            if id(a) in sudah:
                self.galat(
                    b.lembar,
                    b.baris,
                    b.kolom,
                    _("Status KB %(nama)s sudah ada di baris %(b)s.")
                    % {"nama": a.nama, "b": sudah[id(a)].baris},
                )
                continue
            sudah[id(a)] = b
            terbuka = self.kb_terbuka.get(a.pk, []) if a.pk else []
            if b.tanpa_metode:
                akhir = [s for s in terbuka if s.metode]
                for s in akhir:
                    s.selesai = max(self.tanggal, s.mulai)
                    self.r.ubah(s, {"selesai"})
                    self.hitung("status_kb", DIUBAH)
                    self.r.keluarga_tersentuh.add(a.keluarga_id)
                self.tandai(lembar, baris, DIUBAH if akhir else TETAP)
                continue
            metode, alasan = b.metode or None, b.alasan or None
            if len(terbuka) == 1 and (terbuka[0].metode, terbuka[0].alasan) == (metode, alasan):
                s = terbuka[0]
                ubah = set()
                if b.tempat and s.tempat_pelayanan != b.tempat:
                    s.tempat_pelayanan = b.tempat
                    ubah.add("tempat_pelayanan")
                if b.niat and s.niat != b.niat:
                    s.niat = b.niat
                    ubah.add("niat")
                if ubah:
                    self.r.ubah(s, ubah)
                    self.hitung("status_kb", DIUBAH)
                    self.tandai(lembar, baris, DIUBAH)
                    self.r.keluarga_tersentuh.add(a.keluarga_id)
                else:
                    self.hitung("status_kb", TETAP)
                    self.tandai(lembar, baris, TETAP)
                continue
            if any(s.mulai > self.tanggal for s in terbuka):
                self.galat(
                    b.lembar,
                    b.baris,
                    b.kolom,
                    _("Sudah ada status KB %(nama)s yang mulai setelah tanggal impor.")
                    % {"nama": a.nama},
                )
                continue
            for s in terbuka:
                s.selesai = self.tanggal
                self.r.ubah(s, {"selesai"})
                self.hitung("status_kb", DIUBAH)
            self.r.kb_baru.append(
                StatusKB(
                    anggota=a,
                    metode=metode,
                    alasan=alasan,
                    niat=b.niat or None,
                    mulai=self.tanggal,
                    baru=False,  # an import does not know whether the method was new
                    tempat_pelayanan=b.tempat,
                    sumber=IMPOR,
                )
            )
            if a.pk:
                self.r.keluarga_tersentuh.add(a.keluarga_id)
            self.hitung("status_kb", BARU)
            self.tandai(lembar, baris, DIUBAH if a.pk else BARU)

    def _kb_pulihkan(self, b, a: Anggota, lembar: str, baris: int) -> None:
        """A dated KB episode of a desa export, kept as recorded."""
        if b.selesai and b.selesai < b.mulai:
            self.galat(
                b.lembar,
                b.baris,
                "Selesai",
                _("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            )
            return
        if b.mulai < a.tanggal_lahir:
            self.galat(b.lembar, b.baris, "Mulai", _("Tanggal tidak boleh sebelum tanggal lahir."))
            return
        metode, alasan = b.metode or None, b.alasan or None
        baru = bool(b.baru and metode)
        sumber = b.sumber or IMPOR
        s = self.kb_semua.get((a.pk, b.mulai, metode, alasan)) if a.pk else None
        if s is None:
            self.r.kb_baru.append(
                StatusKB(
                    anggota=a,
                    metode=metode,
                    alasan=alasan,
                    niat=b.niat or None,
                    mulai=b.mulai,
                    selesai=b.selesai,
                    baru=baru,
                    tempat_pelayanan=b.tempat,
                    sumber=sumber,
                )
            )
            if a.pk:
                self.r.keluarga_tersentuh.add(a.keluarga_id)
            self.hitung("status_kb", BARU)
            self.tandai(lembar, baris, BARU)
            return
        berubah = set()
        for f, v in (
            ("selesai", b.selesai),
            ("baru", baru),
            ("tempat_pelayanan", b.tempat),
            ("niat", b.niat or None),
            ("sumber", sumber),
        ):
            if getattr(s, f) != v:
                setattr(s, f, v)
                berubah.add(f)
        if berubah:
            self.r.ubah(s, berubah)
            self.r.keluarga_tersentuh.add(a.keluarga_id)
        hasil = DIUBAH if berubah else TETAP
        self.hitung("status_kb", hasil)
        self.tandai(lembar, baris, hasil)

    # --- pregnancies --------------------------------------------------------------------------

    def _kehamilan(self) -> None:
        terbuka_baru: dict[int, object] = {}
        for b in self.data.kehamilan:
            a = self._orang_atau_galat(b.lembar, b.baris, b.orang)
            if a is None:
                continue
            lembar, baris = self._baris_tandai(b, a)
            ada = self.hamil.get(a.pk, []) if a.pk else []
            terbuka = [h for h in ada if h.selesai is None]
            if b.opensid_hamil is False:
                if terbuka:
                    self.peringatan(
                        b.lembar,
                        b.baris,
                        b.kolom,
                        _(
                            "Berkas menyatakan %(nama)s tidak hamil, tetapi kehamilannya sejak "
                            "%(t)s belum ditutup; catat hasilnya di halaman keluarga."
                        )
                        % {"nama": a.nama, "t": tanggal_teks(terbuka[0].mulai)},
                    )
                self.tandai(lembar, baris, TETAP)
                continue
            if a.jenis_kelamin != JK.PEREMPUAN:
                pesan = _("Kehamilan hanya bisa dicatat untuk perempuan (%(nama)s).") % {
                    "nama": a.nama
                }
                if b.lunak:
                    self.peringatan(b.lembar, b.baris, b.kolom, pesan + " " + _("Tidak dicatat."))
                    self.tandai(lembar, baris, TETAP)
                else:
                    self.galat(b.lembar, b.baris, b.kolom, pesan)
                continue
            if b.opensid_hamil:
                if a.status_hidup != SH.HIDUP:
                    self.tandai(lembar, baris, TETAP)
                    continue
                if terbuka or id(a) in terbuka_baru:
                    self.hitung("kehamilan", TETAP)
                    self.tandai(lembar, baris, TETAP)
                    continue
                self._hamil_baru(b, a, lembar, baris, mulai=self.tanggal)
                terbuka_baru[id(a)] = b
                continue
            mulai = b.mulai or b.hpht or (b.hpl - dt.timedelta(days=280) if b.hpl else None)
            mulai = mulai or self.tanggal
            if mulai > self.tanggal:
                self.galat(
                    b.lembar,
                    b.baris,
                    "HPL",
                    _("Mulai hamil (HPL − 280 hari = %(t)s) belum terjadi; periksa HPL.")
                    % {"t": tanggal_teks(mulai)},
                )
                continue
            if mulai < a.tanggal_lahir:
                self.galat(
                    b.lembar, b.baris, "HPHT", _("Tanggal tidak boleh sebelum tanggal lahir ibu.")
                )
                continue
            if b.selesai and b.selesai < mulai:
                self.galat(
                    b.lembar,
                    b.baris,
                    "Tanggal berakhir",
                    _("Tanggal berakhir tidak boleh sebelum mulai hamil (%(t)s).")
                    % {"t": tanggal_teks(mulai)},
                )
                continue
            cocok = [h for h in ada if h.mulai == mulai]
            if not cocok and b.selesai is None and terbuka:
                cocok = terbuka  # a correction of the open pregnancy's dates
            if cocok:
                h = cocok[0]
                berubah = set()
                nilai = {"hpht": b.hpht, "hpl": b.hpl, "mulai": mulai}
                if b.selesai:
                    nilai.update(selesai=b.selesai, hasil=b.hasil)
                if self.data.pulihkan and b.sumber:
                    nilai["sumber"] = b.sumber
                for f, v in nilai.items():
                    if v is not None and getattr(h, f) != v:
                        setattr(h, f, v)
                        berubah.add(f)
                if berubah:
                    self.r.ubah(h, berubah)
                    self.r.keluarga_tersentuh.add(a.keluarga_id)
                hasil = DIUBAH if berubah else TETAP
                self.hitung("kehamilan", hasil)
                self.tandai(lembar, baris, hasil)
                continue
            if b.selesai is None and (terbuka or id(a) in terbuka_baru):
                self.galat(
                    b.lembar,
                    b.baris,
                    b.kolom,
                    _("%(nama)s masih punya kehamilan yang belum berakhir.") % {"nama": a.nama},
                )
                continue
            self._hamil_baru(b, a, lembar, baris, mulai=mulai)
            if b.selesai is None:
                terbuka_baru[id(a)] = b

    def _hamil_baru(self, b, a: Anggota, lembar: str, baris: int, *, mulai: dt.date) -> None:
        self.r.hamil_baru.append(
            Kehamilan(
                ibu=a,
                hpht=b.hpht,
                hpl=b.hpl,
                mulai=mulai,
                selesai=b.selesai,
                hasil=b.hasil if b.selesai else "",
                sumber=(b.sumber or IMPOR) if self.data.pulihkan else IMPOR,
            )
        )
        if a.pk:
            self.r.keluarga_tersentuh.add(a.keluarga_id)
        self.hitung("kehamilan", BARU)
        self.tandai(lembar, baris, DIUBAH if a.pk else BARU)

    # --- house moves --------------------------------------------------------------------------

    def _pindah_rumah(self) -> None:
        for b in self.data.pindah_rumah:
            k = self.keluarga_untuk(b.no_kk)
            if k is None:
                self.galat(
                    b.lembar,
                    b.baris,
                    "No KK",
                    _("No KK %(kk)s tidak ada di berkas maupun di desa.") % {"kk": b.no_kk},
                )
                continue
            asal, tujuan = self.rumah_kode.get(b.rumah_asal), self.rumah_kode.get(b.rumah_tujuan)
            if asal is None or tujuan is None:
                self.galat(
                    b.lembar,
                    b.baris,
                    "Kode rumah asal" if asal is None else "Kode rumah tujuan",
                    _("Kode rumah %(k)s tidak ada di lembar Rumah.")
                    % {"k": b.rumah_asal if asal is None else b.rumah_tujuan},
                )
                continue
            self._pindah_berkas.add(id(k))
            kunci = (k.pk, b.tanggal, asal.pk, tujuan.pk)
            if None not in kunci and kunci in self.pindah_ada:
                self.hitung("pindah_rumah", TETAP)
                self.tandai(b.lembar, b.baris, TETAP)
                continue
            self.r.pindah_rumah_baru.append(
                PindahRumah(
                    keluarga=k,
                    rumah_asal=asal,
                    rumah_tujuan=tujuan,
                    tanggal=b.tanggal,
                    tanggal_lapor=b.tanggal_lapor or b.tanggal,
                )
            )
            self.hitung("pindah_rumah", BARU)
            self.tandai(b.lembar, b.baris, BARU)
        for k, asal, tujuan, _b in self._antre_pindah_rumah:
            if id(k) in self._pindah_berkas or asal is None:
                continue
            self.r.pindah_rumah_baru.append(
                PindahRumah(
                    keluarga=k,
                    rumah_asal=asal,
                    rumah_tujuan=tujuan,
                    tanggal=self.tanggal,
                    tanggal_lapor=self.tanggal,
                )
            )
            self.hitung("pindah_rumah", BARU)
