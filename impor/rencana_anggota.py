"""Planning the members of a file: matching people, their changes, mothers and family heads."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from impor.data import BarisAnggota
from impor.rencana_dasar import (
    BARU,
    DIUBAH,
    IMPOR,
    JK,
    JP,
    PERISTIWA_STATUS,
    SH,
    SK,
    TETAP,
    tanggal_teks,
)
from keluarga import ganda, kode
from keluarga.akses import samarkan
from keluarga.models import Anggota, Keluarga, normalisasi_nama
from keluarga.validators import nik_cocok, pesan_nik_tidak_cocok

# A woman of the family may be linked as a mother by name only when she was this many completed
# years older than the child on the child's birth date (DOMAIN.md: a mother is at least 12;
# past 55 a birth is taken for a name collision, e.g. a grandmother named like her grandchild).
UMUR_IBU_MIN = 12
UMUR_IBU_MAKS = 55


def ibu_memenuhi(lahir_ibu: dt.date | None, lahir_anak: dt.date | None) -> bool:
    """Whether a woman born on `lahir_ibu` can be the mother of a child born on `lahir_anak`:
    UMUR_IBU_MIN to UMUR_IBU_MAKS completed years old on that day (a missing date: no)."""
    if lahir_ibu is None or lahir_anak is None:
        return False
    umur = (
        lahir_anak.year
        - lahir_ibu.year
        - ((lahir_anak.month, lahir_anak.day) < (lahir_ibu.month, lahir_ibu.day))
    )
    return UMUR_IBU_MIN <= umur <= UMUR_IBU_MAKS


class AnggotaMixin:
    """Members, mothers and heads of :class:`impor.rencana.Perencana`."""

    # --- members ------------------------------------------------------------------------------

    def _kolom(self, b: BarisAnggota, f: str) -> str:
        return b.kolom.get(f, f)

    def _anggota(self) -> None:
        diklaim: dict[int, BarisAnggota] = {}
        nik_baris: dict[str, BarisAnggota] = {}
        kkn_baris: dict[tuple, BarisAnggota] = {}
        for b in self.data.anggota:
            if (b.lembar, b.baris) in self.lembar_galat:
                continue
            d = b.data
            nama = " ".join(str(d["nama"]).split())
            nn = normalisasi_nama(nama)
            tgl, jk, nik = d["tanggal_lahir"], d["jenis_kelamin"], d.get("nik")
            if not nn:
                self.galat(b.lembar, b.baris, self._kolom(b, "nama"), _("Nama harus berisi huruf."))
                continue
            kel = self.keluarga_untuk(b.no_kk)
            if kel is None:
                if b.no_kk in self.data.keluarga:
                    bk = self.data.keluarga[b.no_kk]
                    pesan = _("Keluarga No KK %(kk)s berisi kesalahan (%(l)s baris %(b)s).") % {
                        "kk": b.no_kk,
                        "l": bk.lembar,
                        "b": bk.baris,
                    }
                elif b.no_kk in self.kk_lain:
                    pesan = _("No KK %(kk)s sudah terdaftar dan tidak dapat dipakai lagi.") % {
                        "kk": b.no_kk
                    }
                else:
                    pesan = _(
                        "No KK %(kk)s tidak ada di lembar Keluarga maupun di data desa ini; "
                        "tambahkan keluarganya (dusun, RW, RT) di lembar Keluarga."
                    ) % {"kk": b.no_kk}
                self.galat(b.lembar, b.baris, self._kolom(b, "no_kk"), pesan)
                continue
            if nik and nik in nik_baris:
                self.galat(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "nik"),
                    _("NIK %(nik)s ganda: sudah dipakai di baris %(b)s (%(nama)s).")
                    % {"nik": nik, "b": nik_baris[nik].baris, "nama": nik_baris[nik].nama},
                )
                continue
            kkn = (b.no_kk, nn, tgl)
            if kkn in kkn_baris:
                self.galat(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "nama"),
                    _("Orang yang sama (No KK, nama dan tanggal lahir) sudah ada di baris %(b)s.")
                    % {"b": kkn_baris[kkn].baris},
                )
                continue
            if nik and nik in self.nik_lain:
                self.galat(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "nik"),
                    _("NIK %(nik)s sudah terdaftar dan tidak dapat dipakai lagi.") % {"nik": nik},
                )
                continue
            lama = self._cocokkan(b, nik, nn, tgl, jk, kel)
            if lama is False:
                continue
            if lama is not None and lama.pk in diklaim:
                self.galat(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "nik"),
                    _("Baris ini dan baris %(b)s menunjuk orang yang sama (%(nama)s).")
                    % {"b": diklaim[lama.pk].baris, "nama": lama.nama},
                )
                continue
            if nik:
                nik_baris[nik] = b
            kkn_baris[kkn] = b
            if lama is None:
                a = self._anggota_baru(b, nama, nn, kel)
            else:
                diklaim[lama.pk] = b
                a = self._anggota_lama(b, lama, kel)
            if a is None:
                continue
            b.target = a
            self.baris_orang[id(a)] = b
            if b.kode:
                self.by_kode[b.kode] = a
            if a.nik:
                self.by_nik[a.nik] = a
            self.by_kkn[(b.no_kk, nn, tgl)] = a
            if nik and not nik_cocok(nik, tgl, jk):
                self.peringatan(
                    b.lembar, b.baris, self._kolom(b, "nik"), pesan_nik_tidak_cocok(nik, tgl, jk)
                )

    def _cocokkan(self, b, nik, nn, tgl, jk, kel):
        """The existing member this row is, None for a new one, False after an error."""
        if nik and nik in self.nik_ada:
            lama = self.nik_ada[nik]
            beda = []
            if lama.tanggal_lahir != tgl:
                beda.append(_("tanggal lahir %(t)s") % {"t": tanggal_teks(lama.tanggal_lahir)})
            if lama.nama_normal != nn:
                beda.append(_("nama %(n)s") % {"n": lama.nama})
            if lama.jenis_kelamin != jk:
                beda.append(_("jenis kelamin %(j)s") % {"j": lama.get_jenis_kelamin_display()})
            if beda:
                kk = self.kel_pk.get(lama.keluarga_id)
                self.galat(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "nik"),
                    _(
                        "NIK %(nik)s sudah dipakai oleh %(nama)s (lahir %(tgl)s, KK %(kk)s), "
                        "yang tercatat dengan %(beda)s. Bila orangnya sama, perbaiki datanya "
                        "lebih dulu; bila berbeda, periksa NIK di berkas."
                    )
                    % {
                        "nik": nik,
                        "nama": lama.nama,
                        "tgl": tanggal_teks(lama.tanggal_lahir),
                        "kk": kk.no_kk if kk else "-",
                        "beda": ", ".join(beda),
                    },
                )
                return False
            return lama
        lama = self._tautan_pilihan(b, nik, jk)
        if lama is not None:
            return lama
        if kel.pk is None:
            return None
        calon = [
            a
            for a in self.kkn_ada.get((kel.pk, nn, tgl), [])
            if not a.nik or not nik or a.nik not in self.data_nik()
        ]
        if not calon:
            return None
        lama = calon[0]
        if lama.jenis_kelamin != jk:
            self.galat(
                b.lembar,
                b.baris,
                self._kolom(b, "jenis_kelamin"),
                _(
                    "%(nama)s (lahir %(tgl)s) di KK %(kk)s tercatat berjenis kelamin %(j)s; "
                    "perbaiki datanya lebih dulu bila memang salah."
                )
                % {
                    "nama": lama.nama,
                    "tgl": tanggal_teks(tgl),
                    "kk": kel.no_kk,
                    "j": lama.get_jenis_kelamin_display(),
                },
            )
            return False
        if nik and lama.nik and lama.nik != nik:
            self.peringatan(
                b.lembar,
                b.baris,
                self._kolom(b, "nik"),
                _("NIK %(lama)s milik %(nama)s diganti menjadi %(baru)s sesuai berkas.")
                % {"lama": lama.nik, "nama": lama.nama, "baru": nik},
            )
        return lama

    def _tautan_pilihan(self, b, nik, jk):
        """The existing person the operator chose for this row at the door (issue 19), or None;
        False after an error (the person is gone, or of the other sex)."""
        pk = self.r.tautan.get(f"{b.lembar}:{b.baris}")
        if pk is None:
            return None
        lama = getattr(self, "anggota_pk", {}).get(pk)
        if lama is None or lama.status_hidup != SH.HIDUP or lama.jenis_kelamin != jk:
            self.galat(
                b.lembar,
                b.baris,
                self._kolom(b, "nama"),
                _(
                    "Orang yang dipilih untuk ditautkan dengan baris ini tidak lagi cocok (sudah "
                    "tidak tinggal di desa atau jenis kelaminnya berbeda); buat pratinjau lagi."
                ),
            )
            return False
        if not nik:
            b.data = {k: v for k, v in b.data.items() if k != "nik"}  # keep the NIK on record
        elif lama.nik and lama.nik != nik:
            self.peringatan(
                b.lembar,
                b.baris,
                self._kolom(b, "nik"),
                _("NIK %(lama)s milik %(nama)s diganti menjadi %(baru)s sesuai berkas.")
                % {"lama": lama.nik, "nama": lama.nama, "baru": nik},
            )
        return lama

    def _usulan_ganda(self) -> None:
        """For each new person of the file, the existing people of the desa it likely is (no NIK
        or another one: keluarga.ganda), listed on the preview with a link-or-create choice; and
        the rows already linked by choice, so the choice can be undone."""
        dipilih = set(self.r.tautan)
        for kunci, pk in self.r.tautan.items():
            a = getattr(self, "anggota_pk", {}).get(pk)
            lembar, _t, baris = kunci.rpartition(":")
            if a is not None:
                self.r.usulan_ganda.append(self._usulan(lembar, int(baris), None, a, None, []))
        ada = [a for a in self.anggota if a.pk is not None and a.status_hidup == SH.HIDUP]
        baru = [a for a in self.r.anggota_baru if id(a) in self.baris_orang]
        if not ada or not baru:
            return
        orang = [self._orang(a.pk, a) for a in ada]
        nomor = {}
        for i, a in enumerate(baru, start=1):
            orang.append(self._orang(-i, a))
            nomor[-i] = a
        per_baris: dict[int, list] = defaultdict(list)
        for (x, y), (skor, alasan) in ganda.pasangan(orang, hanya=set(nomor)).items():
            if x < 0 < y:
                per_baris[x].append((skor, y, alasan))
        for i in sorted(per_baris, reverse=True):
            a = nomor[i]
            b = self.baris_orang[id(a)]
            if f"{b.lembar}:{b.baris}" in dipilih:
                continue
            for skor, pk, alasan in sorted(per_baris[i], key=lambda t: (-t[0], t[1]))[:3]:
                self.r.usulan_ganda.append(
                    self._usulan(b.lembar, b.baris, a.nama, self.anggota_pk[pk], skor, alasan)
                )

    def _orang(self, pk: int, a: Anggota) -> ganda.Orang:
        kel = a._kel if getattr(a, "_kel", None) is not None else a.keluarga
        return ganda.Orang(
            pk=pk,
            nama=ganda.urai_nama(a.nama),
            nik=a.nik if ganda.nik_sah(a.nik) else None,
            jk=a.jenis_kelamin,
            lahir=a.tanggal_lahir,
            ibu_id=a.ibu_id,
            keluarga_id=kel.pk or -id(kel) if kel is not None else 0,
            rumah_id=(kel.rumah_id or 0) if kel is not None else 0,
        )

    def _usulan(self, lembar, baris, nama, a: Anggota, skor, alasan) -> dict:
        kel = self.kel_pk.get(a.keluarga_id)
        return {
            "kunci": f"{lembar}:{baris}",
            "lembar": lembar,
            "baris": baris,
            "nama": nama,
            "anggota_id": a.pk,
            "nama_ada": a.nama,
            "lahir_ada": a.tanggal_lahir.isoformat(),
            "kk_ada": samarkan(kel.no_kk) if kel else "-",
            "skor": round(skor, 2) if skor is not None else None,
            "alasan": " · ".join(alasan),
            "dipilih": skor is None,
        }

    def data_nik(self) -> set[str]:
        if not hasattr(self, "_data_nik"):
            self._data_nik = {b.nik for b in self.data.anggota if b.nik}
        return self._data_nik

    def _cek_usia_kawin(self, b: BarisAnggota, a: Anggota) -> bool:
        if a.usia_kawin_pertama is not None and a.status_kawin == SK.BELUM_KAWIN:
            self.galat(
                b.lembar,
                b.baris,
                self._kolom(b, "usia_kawin_pertama"),
                _("Usia kawin pertama hanya diisi bila pernah kawin."),
            )
            return False
        return True

    def _anggota_baru(self, b: BarisAnggota, nama: str, nn: str, kel: Keluarga) -> Anggota | None:
        isi = {f: v for f, v in b.data.items() if f not in ("nama", "sumber")}
        a = Anggota(
            desa=self.desa,
            keluarga=kel,
            nama=nama,
            nama_normal=nn,
            kode_asli=dict(b.kode_asli),
            sumber=b.data.get("sumber", IMPOR) if self.data.pulihkan else IMPOR,
            **isi,
        )
        a._kel = kel
        if not self._cek_usia_kawin(b, a):
            return None
        self.r.anggota_baru.append(a)
        self.anggota.append(a)
        if kel.pk:
            self.r.keluarga_tersentuh.add(kel.pk)
        if a.status_hidup != SH.HIDUP:
            self._antre_peristiwa.append((a, PERISTIWA_STATUS[a.status_hidup], b, None))
        self.hitung("anggota", BARU)
        self.tandai(b.lembar, b.baris, BARU)
        return a

    def _anggota_lama(self, b: BarisAnggota, a: Anggota, kel: Keluarga) -> Anggota | None:
        berubah: set[str] = set()
        for f, v in b.data.items():
            if f in ("nama", "status_kawin", "status_hidup"):
                continue
            if f == "sumber" and not self.data.pulihkan:
                continue
            if getattr(a, f) != v:
                setattr(a, f, v)
                berubah.add(f)
        asli = {**(a.kode_asli or {}), **b.kode_asli}
        if asli != (a.kode_asli or {}):
            a.kode_asli = asli
            berubah.add("kode_asli")
        if kel is not a._kel:
            self._antre_peristiwa.append(
                (a, JP.PINDAH_KK, b, {"keluarga_asal": a._kel, "keluarga_tujuan": kel})
            )
            if a._kel is not None:
                self._kel_ditinggal[id(a._kel)] = a._kel
                self.r.keluarga_tersentuh.add(a._kel.pk)
            a.keluarga = kel
            a._kel = kel
            berubah.add("keluarga")
        # Living status: a change is a dated event on the import date.
        status = b.data.get("status_hidup")
        if status and status != a.status_hidup:
            if a.status_hidup == SH.MENINGGAL:
                self.galat(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "status_hidup"),
                    _(
                        "%(nama)s tercatat sudah meninggal di Rumah Dataku, tetapi berkas "
                        "menyatakan %(s)s. Periksa datanya."
                    )
                    % {"nama": a.nama, "s": SH(status).label},
                )
                return None
            if a.status_hidup == SH.HIDUP:
                self._antre_peristiwa.append((a, PERISTIWA_STATUS[status], b, None))
            elif status == SH.HIDUP:
                self._antre_peristiwa.append((a, JP.DATANG, b, None))
            a.status_hidup = status
            berubah.add("status_hidup")
        kawin = b.data.get("status_kawin")
        if kawin and kawin != a.status_kawin:
            if kawin == SK.BELUM_KAWIN:
                self.peringatan(
                    b.lembar,
                    b.baris,
                    self._kolom(b, "status_kawin"),
                    _(
                        "Status kawin %(nama)s dikoreksi dari %(lama)s menjadi Belum kawin "
                        "(koreksi data, bukan peristiwa)."
                    )
                    % {"nama": a.nama, "lama": SK(a.status_kawin).label},
                )
                a.status_kawin = kawin
                berubah.add("status_kawin")
            else:
                self._antre_kawin.append((a, kawin, b))
        if a.usia_kawin_pertama is not None and (kawin or a.status_kawin) == SK.BELUM_KAWIN:
            self.galat(
                b.lembar,
                b.baris,
                self._kolom(b, "usia_kawin_pertama"),
                _("Usia kawin pertama hanya diisi bila pernah kawin."),
            )
            return None
        hasil = TETAP
        if berubah:
            self.r.ubah(a, berubah)
            hasil = DIUBAH
        if berubah or (kawin and kawin != a.status_kawin):
            hasil = DIUBAH
            self.r.keluarga_tersentuh.add(a.keluarga_id)
        self.hitung("anggota", hasil)
        self.tandai(b.lembar, b.baris, hasil)
        return a

    def _ubah_anggota(self, a: Anggota, fields: set[str]) -> None:
        if a.pk is None:
            return
        if not self.r.anggota_ubah.get(a.pk):
            # first change of a member counted as unchanged so far
            b = self.baris_orang.get(id(a))
            if b is not None and self.r.hasil_baris.get((b.lembar, b.baris)) == TETAP:
                self.r.hitung["anggota"][TETAP] -= 1
                self.r.hitung["anggota"][DIUBAH] += 1
        self.r.ubah(a, fields)
        self.r.keluarga_tersentuh.add(a.keluarga_id)

    # --- mothers ------------------------------------------------------------------------------

    def _ibu(self) -> None:
        """Link each child to the mother the file names: by code, by NIK, else by name among
        the women of the child's family (only one of the right age: :func:`ibu_memenuhi`).

        An ambiguous name, a name with no woman of the right age and a link that closes a
        circle (with the file's other links and the mothers already recorded) leave the link
        empty with a warning, never an error: in a circle the links made by name are dropped;
        if every link of the file in it came by NIK or code, all of them are."""
        self._belum_ditautkan: list[tuple[Anggota, BarisAnggota]] = []
        perempuan = defaultdict(list)  # family object id -> women in it after the import
        for a in self.anggota:
            if a.jenis_kelamin == JK.PEREMPUAN and a._kel is not None:
                perempuan[id(a._kel)].append(a)
        # id(child) -> (child, mother, how: "kode", "nik" or "nama", row)
        usul: dict[int, tuple[Anggota, Anggota, str, BarisAnggota]] = {}
        for b in self.data.anggota:
            a = b.target
            if a is None or not (b.kode_ibu or b.ibu_nik or b.nama_ibu):
                continue
            ibu, cara = None, ""
            if b.kode_ibu:
                ibu, cara = self.by_kode.get(b.kode_ibu), "kode"
            if ibu is None and b.ibu_nik:
                ibu, cara = self.by_nik.get(b.ibu_nik) or self.nik_ada.get(b.ibu_nik), "nik"
            if ibu is None and b.nama_ibu:
                dicari = normalisasi_nama(b.nama_ibu)
                calon = [
                    p
                    for p in perempuan.get(id(a._kel), [])
                    if p is not a and p.nama_normal == dicari
                ]
                cocok = [p for p in calon if ibu_memenuhi(p.tanggal_lahir, a.tanggal_lahir)]
                if len(cocok) == 1:
                    ibu, cara = cocok[0], "nama"
                elif a.ibu_id and any(p.pk == a.ibu_id for p in cocok):
                    continue  # the mother recorded (chosen by a person) is one of them
                elif calon:
                    # Several of the right age: a person must choose (the worklist). None of
                    # the right age: the mother is not in this family (listed, not worklisted).
                    self._ibu_lepas(
                        a,
                        b,
                        "nama_ibu",
                        b.nama_ibu,
                        self._alasan_nama(a, b, cocok),
                        daftar_kerja=bool(cocok),
                    )
                    continue
            if ibu is None:
                if a.hubungan in (kode.HubunganKK.ANAK, kode.HubunganKK.CUCU) and not a.ibu_id:
                    self.peringatan(
                        b.lembar,
                        b.baris,
                        "ibu_nik" if self.data.format == "opensid" else "NIK ibu",
                        _(
                            "Ibu %(nama)s (%(ibu)s) tidak ditemukan di KK ini maupun di data desa; "
                            "tidak dikaitkan."
                        )
                        % {"nama": a.nama, "ibu": b.nama_ibu or b.ibu_nik or b.kode_ibu},
                    )
                continue
            if ibu is a:
                self._ibu_lepas(
                    a,
                    b,
                    "kode_ibu" if cara == "kode" else "ibu_nik",
                    b.kode_ibu if cara == "kode" else b.ibu_nik,
                    _("Seseorang tidak bisa menjadi ibunya sendiri; ibu tidak ditautkan."),
                )
                continue
            if ibu.jenis_kelamin != JK.PEREMPUAN:
                self.peringatan(
                    b.lembar,
                    b.baris,
                    "ibu_nik" if self.data.format == "opensid" else "NIK ibu",
                    _("Ibu yang ditunjuk (%(nama)s) bukan perempuan; tidak dikaitkan.")
                    % {"nama": ibu.nama},
                )
                continue
            sama = (ibu.pk is not None and a.ibu_id == ibu.pk) or getattr(a, "_ibu", None) is ibu
            if sama:
                continue
            usul[id(a)] = (a, ibu, cara, b)
        self._putus_lingkaran(usul)
        for a, ibu, cara, b in usul.values():
            a.ibu = ibu
            a._ibu = ibu
            fields = {"ibu"}
            if a.ibu_belum_ditautkan:
                a.ibu_belum_ditautkan = False
                fields.add("ibu_belum_ditautkan")
            if cara == "nama":
                self.r.tautan_ibu_nama.append(
                    {
                        "lembar": b.lembar,
                        "baris": b.baris,
                        "anak": a.nama,
                        "ibu": ibu.nama,
                        "no_kk": b.no_kk,
                    }
                )
            if a.pk is not None:
                self._ubah_anggota(a, fields)
                self.tandai(b.lembar, b.baris, DIUBAH)
        self._tandai_belum_ditautkan()
        self._gelombang()

    def _alasan_nama(self, a: Anggota, b: BarisAnggota, cocok: list[Anggota]) -> str:
        isi = {
            "ibu": " ".join(b.nama_ibu.split()),
            "nama": a.nama,
            "min": UMUR_IBU_MIN,
            "maks": UMUR_IBU_MAKS,
        }
        if cocok:
            return _(
                "Ada %(n)s perempuan bernama %(ibu)s di KK ini yang %(min)s-%(maks)s tahun lebih "
                "tua dari %(nama)s; ibu tidak ditautkan (pilih ibunya di halaman keluarga)."
            ) % {**isi, "n": len(cocok)}
        return (
            _(
                "Tidak ada perempuan bernama %(ibu)s di KK ini yang %(min)s-%(maks)s tahun lebih tua "
                "dari %(nama)s saat ia lahir; ibu tidak ditautkan."
            )
            % isi
        )

    def _ibu_lepas(
        self,
        a: Anggota,
        b: BarisAnggota,
        f: str,
        ibu: str,
        alasan: str,
        *,
        daftar_kerja: bool = True,
    ) -> None:
        """A mother link left empty: a warning on the row and an entry of the import record;
        with `daftar_kerja`, a child left without a mother goes on the worklist."""
        kolom = self._kolom(b, f)
        self.peringatan(b.lembar, b.baris, kolom, alasan)
        self.r.ibu_belum_ditautkan.append(
            {
                "lembar": b.lembar,
                "baris": b.baris,
                "kolom": kolom,
                "anak": a.nama,
                "ibu": " ".join(str(ibu or "").split()),
                "no_kk": b.no_kk,
                "alasan": alasan,
            }
        )
        if daftar_kerja:
            self._belum_ditautkan.append((a, b))

    def _ibu_sekarang(self, x: Anggota, usul: dict) -> Anggota | None:
        """x's mother after the import: the file's link, else the one recorded."""
        u = usul.get(id(x))
        if u is not None:
            return u[1]
        if x.pk is not None and x.ibu_id:
            return getattr(self, "anggota_pk", {}).get(x.ibu_id)
        return getattr(x, "_ibu", None)

    def _lingkaran(self, usul: dict) -> list[list[Anggota]]:
        """The circles of the mother graph (each person has one mother, so they are disjoint)
        that pass through a link of the file."""
        keadaan: dict[int, int] = {}  # 1: on the path being followed, 2: done
        hasil = []
        for anak, _ibu, _cara, _b in usul.values():
            jalur, x = [], anak
            while x is not None and id(x) not in keadaan:
                keadaan[id(x)] = 1
                jalur.append(x)
                x = self._ibu_sekarang(x, usul)
            if x is not None and keadaan[id(x)] == 1:
                mulai = next(i for i, p in enumerate(jalur) if p is x)
                hasil.append(jalur[mulai:])
            for p in jalur:
                keadaan[id(p)] = 2
        return hasil

    def _putus_lingkaran(self, usul: dict) -> None:
        """Drop the file's links that close a circle: those made by name; when there are none,
        every link of the file in the circle (made by NIK or code)."""
        while True:
            putus = False
            for lingkar in self._lingkaran(usul):
                tautan = [usul[id(x)] for x in lingkar if id(x) in usul]
                lewat_nama = [t for t in tautan if t[2] == "nama"]
                urutan = " → ".join(x.nama for x in lingkar + lingkar[:1])
                for anak, ibu, cara, b in lewat_nama or tautan:
                    del usul[id(anak)]
                    putus = True
                    if cara == "nama":
                        f, ditulis = "nama_ibu", b.nama_ibu
                        alasan = _(
                            "Ibu %(ibu)s ditemukan dari nama, tetapi tautan ini membuat hubungan "
                            "ibu-anak melingkar (%(lingkar)s); ibu tidak ditautkan."
                        )
                    else:
                        f = "kode_ibu" if cara == "kode" else "ibu_nik"
                        ditulis = b.kode_ibu if cara == "kode" else b.ibu_nik
                        alasan = _(
                            "NIK ibu membuat hubungan ibu-anak melingkar (%(lingkar)s); semua "
                            "tautan di lingkaran ini dilepas. Periksa NIK ibu."
                        )
                    self._ibu_lepas(
                        anak, b, f, ditulis, alasan % {"ibu": ibu.nama, "lingkar": urutan}
                    )
            if not putus:
                return

    def _tandai_belum_ditautkan(self) -> None:
        """Children an import left without a mother go on the worklist (ibu_belum_ditautkan)."""
        for a, b in self._belum_ditautkan:
            if a.ibu_id or getattr(a, "_ibu", None) is not None or a.ibu_belum_ditautkan:
                continue
            a.ibu_belum_ditautkan = True
            if a.pk is not None:
                self._ubah_anggota(a, {"ibu_belum_ditautkan"})
                self.tandai(b.lembar, b.baris, DIUBAH)

    def _gelombang(self) -> None:
        """New members in creation order: a mother before her children (one bulk insert each)."""
        baru = self.r.anggota_baru
        sisa = {id(a): a for a in baru}
        urutan: list[list[Anggota]] = []
        while sisa:
            siap = [
                a
                for a in sisa.values()
                if getattr(a, "_ibu", None) is None or id(a._ibu) not in sisa
            ]
            if not siap:
                for a in sisa.values():
                    b = self.baris_orang[id(a)]
                    self.galat(
                        b.lembar, b.baris, "ibu", _("Hubungan ibu-anak melingkar di berkas.")
                    )
                break
            urutan.append(siap)
            for a in siap:
                del sisa[id(a)]
        self.gelombang = urutan

    # --- heads --------------------------------------------------------------------------------

    def _kepala(self) -> None:
        """At most one living head per family (an error); none at all is a warning."""
        keluarga = {
            id(b.target._kel): b.target._kel for b in self.data.anggota if b.target is not None
        }
        keluarga.update((id(k), k) for k in self.kel_baru.values())
        keluarga.update(self._kel_ditinggal)
        kepala, hidup, semua = defaultdict(list), Counter(), Counter()
        for a in self.anggota:
            k = a._kel
            if k is None or id(k) not in keluarga:
                continue
            semua[id(k)] += 1
            if a.status_hidup == SH.HIDUP:
                hidup[id(k)] += 1
                if a.hubungan == kode.HubunganKK.KEPALA:
                    kepala[id(k)].append(a)
        for k in sorted(keluarga.values(), key=lambda k: k.no_kk):
            kid = id(k)
            bk = self.kel_baris.get(kid)
            if len(kepala[kid]) > 1:
                nama = []
                for a in kepala[kid]:
                    ba = self.baris_orang.get(id(a))
                    nama.append(
                        f"{a.nama} ({_('baris')} {ba.baris})"
                        if ba
                        else f"{a.nama} ({_('sudah tercatat')})"
                    )
                for a in kepala[kid]:
                    ba = self.baris_orang.get(id(a))
                    if ba is not None:
                        self.galat(
                            ba.lembar,
                            ba.baris,
                            self._kolom(ba, "hubungan"),
                            _("KK %(kk)s punya lebih dari satu kepala keluarga: %(nama)s.")
                            % {"kk": k.no_kk, "nama": ", ".join(nama)},
                        )
            elif not kepala[kid] and hidup[kid]:
                self.peringatan(
                    bk.lembar if bk else "",
                    bk.baris if bk else None,
                    "kk_level" if self.data.format == "opensid" else "Hubungan",
                    _(
                        "KK %(kk)s tidak punya kepala keluarga yang masih tinggal "
                        "(masuk daftar kualitas data)."
                    )
                    % {"kk": k.no_kk},
                )
            elif not semua[kid] and bk is not None:
                self.peringatan(
                    bk.lembar,
                    bk.baris,
                    "No KK",
                    _("KK %(kk)s belum punya anggota.") % {"kk": k.no_kk},
                )
