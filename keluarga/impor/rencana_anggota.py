"""Planning the members of a file: matching people, their changes, mothers and family heads."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from keluarga import kode
from keluarga.impor.data import BarisAnggota
from keluarga.impor.rencana_dasar import (
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
from keluarga.models import Anggota, Keluarga, normalisasi_nama
from keluarga.validators import nik_cocok, pesan_nik_tidak_cocok


class AnggotaMixin:
    """Members, mothers and heads of :class:`keluarga.impor.rencana.Perencana`."""

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
        perempuan = defaultdict(list)  # family object id -> women in it after the import
        for a in self.anggota:
            if a.jenis_kelamin == JK.PEREMPUAN and a._kel is not None:
                perempuan[id(a._kel)].append(a)
        for b in self.data.anggota:
            a = b.target
            if a is None or not (b.kode_ibu or b.ibu_nik or b.nama_ibu):
                continue
            ibu, lewat_nama = None, False
            if b.kode_ibu:
                ibu = self.by_kode.get(b.kode_ibu)
            if ibu is None and b.ibu_nik:
                ibu = self.by_nik.get(b.ibu_nik) or self.nik_ada.get(b.ibu_nik)
            if ibu is None and b.nama_ibu:
                dicari = normalisasi_nama(b.nama_ibu)
                calon = [
                    p
                    for p in perempuan.get(id(a._kel), [])
                    if p is not a and p.nama_normal == dicari
                ]
                if len(calon) == 1:
                    ibu, lewat_nama = calon[0], True
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
                self.galat(
                    b.lembar,
                    b.baris,
                    "ibu_nik" if self.data.format == "opensid" else "NIK ibu",
                    _("Seseorang tidak bisa menjadi ibunya sendiri."),
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
            a.ibu = ibu
            a._ibu = ibu
            if lewat_nama:
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
                self._ubah_anggota(a, {"ibu"})
                self.tandai(b.lembar, b.baris, DIUBAH)
        self._gelombang()

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
