"""A generated labelled set for the duplicate matcher (issue 19): people with planted duplicates
and hard non-duplicates, as ``keluarga.ganda.Orang`` rows (no database).

The spelling variants below are written here, apart from the matcher's own tables
(``keluarga.ganda.SINGKATAN``/``GELAR_*``), from how names are written on Indonesian village
forms: the test measures the matcher against them, not against itself.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from keluarga.ganda import Orang, urai_nama

L, P = "L", "P"

# --- spellings as they are written on forms (independent of the matcher) ---------------------
VARIAN_DEPAN = {
    "Muhammad": ["Moh.", "Moch.", "Muh.", "Mochammad", "Mohammad", "Muhamad", "M.", "Mochamad"],
    "Siti": ["St.", "St"],
    "Abdul": ["Abd.", "Abd"],
    "Nur": ["Nurul"],
    "Nurul": ["Nur"],
    "Ahmad": ["Achmad", "Akhmad"],
}
GELAR_DEPAN_LAKI = ["H.", "Drs.", "Ir.", "dr.", "KH."]
GELAR_DEPAN_PEREMPUAN = ["Hj.", "Dra.", "dr.", "Ny."]
GELAR_BELAKANG = [", S.Pd.", ", S.Ag.", ", A.Md.", ", S.E.", " S.Pd", ", S.Kep."]

DEPAN_L = [
    "Muhammad",
    "Ahmad",
    "Abdul",
    "Slamet",
    "Budi",
    "Agus",
    "Joko",
    "Eko",
    "Heru",
    "Bambang",
    "Sugeng",
    "Wahyu",
    "Rudi",
    "Hadi",
    "Yusuf",
    "Imam",
    "Arif",
    "Fajar",
    "Rizki",
    "Dimas",
]
TENGAH_L = [
    "Rofiq",
    "Santoso",
    "Hidayat",
    "Prasetyo",
    "Setiawan",
    "Wibowo",
    "Kurniawan",
    "Saputra",
    "Nugroho",
    "Hakim",
    "Fauzi",
    "Syaifudin",
    "Rahman",
    "Mustofa",
    "Anwar",
    "Zainal",
    "Ridwan",
    "Habibi",
    "Maulana",
    "Firmansyah",
    "Hermawan",
    "Sulistyo",
    "Purnomo",
    "Wijaya",
]
DEPAN_P = [
    "Siti",
    "Nur",
    "Sri",
    "Dewi",
    "Rina",
    "Ani",
    "Tri",
    "Eka",
    "Dwi",
    "Umi",
    "Nurul",
    "Yuli",
    "Lilis",
    "Endang",
    "Wati",
    "Fitri",
    "Ayu",
    "Putri",
    "Indah",
    "Ratna",
]
TENGAH_P = [
    "Aminah",
    "Khasanah",
    "Fatimah",
    "Rahayu",
    "Lestari",
    "Wahyuni",
    "Handayani",
    "Suryani",
    "Maryam",
    "Aisyah",
    "Zulaikha",
    "Hidayati",
    "Puspitasari",
    "Anggraini",
    "Kusuma",
    "Wulandari",
    "Safitri",
    "Mulyani",
    "Rohmah",
    "Jannah",
    "Latifah",
    "Nurhayati",
    "Susanti",
    "Rosita",
]
# Twins: same sex, one birth date, names that differ in a letter or a syllable.
KEMBAR = [
    ("Muhammad Hasan", "Muhammad Husein"),
    ("Dewi Sartika", "Dewi Kartika"),
    ("Rina Wati", "Rini Wati"),
    ("Nur Aini", "Nur Aina"),
    ("Ahmad Fauzi", "Ahmad Fauzan"),
    ("Putri Ayu", "Putri Ayun"),
    ("Rizki Ramadhan", "Rizka Ramadhan"),
    ("Fajar Nugroho", "Fajar Nugraha"),
    ("Indah Sari", "Intan Sari"),
    ("Dimas Pratama", "Dimas Pratomo"),
]


@dataclass
class Himpunan:
    orang: list[Orang] = field(default_factory=list)
    ganda: set[tuple[int, int]] = field(default_factory=set)  # planted duplicate pairs
    bukan: set[tuple[int, int]] = field(default_factory=set)  # hard non-duplicate pairs
    jenis: dict[tuple[int, int], str] = field(default_factory=dict)


def nik_untuk(lahir: dt.date, jk: str, seri: int, wilayah: str = "332601") -> str:
    hari = lahir.day + (40 if jk == P else 0)
    return f"{wilayah}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{seri:04d}"


class Pembuat:
    def __init__(self, seed: int = 19):
        self.r = random.Random(seed)
        self.h = Himpunan()
        self.pk = 0
        self.seri = 0
        self.kk = 0

    def nama(self, jk: str) -> str:
        d, t = (DEPAN_L, TENGAH_L) if jk == L else (DEPAN_P, TENGAH_P)
        n = f"{self.r.choice(d)} {self.r.choice(t)}"
        if self.r.random() < 0.3:
            n += f" {self.r.choice(t)}"
        return n

    def lahir(self, dari=1950, sampai=2024) -> dt.date:
        awal = dt.date(dari, 1, 1).toordinal()
        return dt.date.fromordinal(self.r.randrange(awal, dt.date(sampai, 12, 28).toordinal()))

    def nik(self, lahir, jk) -> str:
        self.seri += 1
        return nik_untuk(lahir, jk, self.seri)

    def tambah(self, nama, jk, lahir, *, nik="auto", ibu=None, kk=None, rumah=None) -> Orang:
        self.pk += 1
        if nik == "auto":
            nik = self.nik(lahir, jk) if self.r.random() < 0.85 else None
        if kk is None:
            self.kk += 1
            kk = self.kk
        o = Orang(
            pk=self.pk,
            nama=urai_nama(nama),
            nik=nik,
            jk=jk,
            lahir=lahir,
            ibu_id=ibu,
            keluarga_id=kk,
            rumah_id=rumah if rumah is not None else kk,
        )
        o.nama_asli = nama
        self.h.orang.append(o)
        return o

    def keluarga(self) -> list[Orang]:
        """A family: husband, wife, 0–3 children with the wife as mother."""
        self.kk += 1
        kk = self.kk
        ayah = self.tambah(self.nama(L), L, self.lahir(1955, 1995), kk=kk)
        ibu = self.tambah(self.nama(P), P, self.lahir(1958, 1998), kk=kk)
        anak = []
        for _ in range(self.r.randrange(0, 4)):
            jk = self.r.choice((L, P))
            anak.append(self.tambah(self.nama(jk), jk, self.lahir(2000, 2024), ibu=ibu.pk, kk=kk))
        return [ayah, ibu, *anak]

    def pasang(self, a: Orang, b: Orang, jenis: str, ganda: bool):
        k = (min(a.pk, b.pk), max(a.pk, b.pk))
        (self.h.ganda if ganda else self.h.bukan).add(k)
        self.h.jenis[k] = jenis

    # --- spelling variants of a name (the forms' habits) ---

    def varian(self, nama: str, jk: str) -> str:
        token = nama.split()
        cara = self.r.choice(("singkat", "gelar", "spasi", "ganda", "belakang"))
        if cara == "singkat" and any(t in VARIAN_DEPAN for t in token):
            return " ".join(
                self.r.choice(VARIAN_DEPAN[t]) if t in VARIAN_DEPAN else t for t in token
            )
        if cara == "gelar":
            return f"{self.r.choice(GELAR_DEPAN_LAKI if jk == L else GELAR_DEPAN_PEREMPUAN)} {nama}"
        if cara == "spasi" and len(token) > 1:
            i = self.r.randrange(len(token) - 1)
            return " ".join([*token[:i], token[i] + token[i + 1], *token[i + 2 :]])
        if cara == "ganda":
            for asli, baru in (
                ("mm", "m"),
                ("m", "mm"),
                ("kh", "h"),
                ("h", "kh"),
                ("ss", "s"),
                ("f", "ff"),
                ("q", "k"),
            ):
                if asli in nama:
                    return nama.replace(asli, baru, 1)
        return nama + self.r.choice(GELAR_BELAKANG)


def nik_satu_angka(nik: str, r: random.Random) -> str:
    i = r.randrange(16)
    return nik[:i] + str((int(nik[i]) + r.randrange(1, 10)) % 10) + nik[i + 1 :]


def nik_tukar(nik: str, r: random.Random) -> str:
    pilihan = [i for i in range(15) if nik[i] != nik[i + 1]]
    i = r.choice(pilihan)
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]


def bangun(jumlah_keluarga: int = 260, seed: int = 19) -> Himpunan:
    """≥ 1,000 people, 50 planted duplicates (10 kinds × 5), 50 hard non-duplicates."""
    b = Pembuat(seed)
    r = b.r
    keluarga = [b.keluarga() for _ in range(jumlah_keluarga)]
    semua = [o for k in keluarga for o in k]
    dewasa = [o for o in semua if o.lahir.year < 2000]
    anak = [o for o in semua if o.ibu_id]

    def salin(o: Orang, *, nama=None, nik=None, lahir=None, kk=None, ibu="sama", rumah=None):
        return b.tambah(
            nama if nama is not None else o.nama_asli,
            o.jk,
            lahir or o.lahir,
            nik=nik,
            ibu=o.ibu_id if ibu == "sama" else ibu,
            kk=kk,
            rumah=rumah,
        )

    dipakai: set[int] = set()

    def ambil(daftar, syarat=lambda o: True):
        while True:
            o = r.choice(daftar)
            if o.pk not in dipakai and syarat(o):
                dipakai.add(o.pk)
                return o

    punya_nik = lambda o: o.nik is not None  # noqa: E731

    for _ in range(5):
        # 1. A married woman still on her parents' KK: spelling variant, no NIK there.
        o = ambil([x for x in dewasa if x.jk == P])
        b.pasang(o, salin(o, nama=b.varian(o.nama_asli, o.jk)), "nama_varian", True)
        # 2. A man entered again with a title/abbreviation, no NIK, another KK.
        o = ambil([x for x in dewasa if x.jk == L])
        b.pasang(o, salin(o, nama=b.varian(o.nama_asli, o.jk)), "nama_varian_l", True)
        # 3. NIK with one digit mistyped.
        o = ambil(dewasa, punya_nik)
        b.pasang(o, salin(o, nik=nik_satu_angka(o.nik, r)), "nik_1", True)
        # 4. NIK with two adjacent digits swapped, name abbreviated.
        o = ambil(dewasa, punya_nik)
        b.pasang(
            o,
            salin(o, nik=nik_tukar(o.nik, r), nama=b.varian(o.nama_asli, o.jk)),
            "nik_tukar",
            True,
        )
        # 5. Day and month swapped on the form (a day ≤ 12), no NIK on the copy.
        o = ambil(dewasa, lambda x: x.lahir.day <= 12 and x.lahir.day != x.lahir.month)
        tukar = dt.date(o.lahir.year, o.lahir.day, o.lahir.month)
        b.pasang(o, salin(o, lahir=tukar), "tukar_tanggal", True)
        # 6. A child entered again at the posyandu without NIK (same mother and KK).
        o = ambil(anak)
        b.pasang(o, salin(o, kk=o.keluarga_id, nama=b.varian(o.nama_asli, o.jk)), "anak_lagi", True)
        # 7. A child re-entered with the birth year off by one (same mother).
        o = ambil(anak, lambda x: not (x.lahir.month == 2 and x.lahir.day == 29))
        geser = o.lahir.replace(year=o.lahir.year + r.choice((-1, 1)))
        b.pasang(o, salin(o, lahir=geser, kk=o.keluarga_id), "tahun_1", True)
        # 8. Spacing or doubled letters, both without NIK, same house.
        o = ambil(dewasa)
        nama = (
            o.nama_asli.replace(" ", "", 1)
            if r.random() < 0.5
            else o.nama_asli.replace("a", "aa", 1)
        )
        b.pasang(o, salin(o, nama=nama, rumah=o.rumah_id), "spasi", True)
        # 9. NIK mistyped in the date digits and a title added.
        o = ambil(dewasa, punya_nik)
        n = o.nik
        n = n[:7] + str((int(n[7]) + 1) % 10) + n[8:]
        b.pasang(o, salin(o, nik=n, nama=b.varian(o.nama_asli, o.jk)), "nik_tanggal", True)
        # 10. An OpenSID re-import: the same NIK typo'd and a degree after a comma.
        o = ambil(dewasa, punya_nik)
        b.pasang(
            o,
            salin(o, nik=nik_satu_angka(o.nik, r), nama=o.nama_asli + ", S.Pd."),
            "nik_gelar",
            True,
        )

    for i in range(10):
        # Twins: same mother, KK, birth date; names one letter or syllable apart; NIKs in series
        # (both, as for children with a birth certificate) or none (babies).
        ibu = ambil([x for x in dewasa if x.jk == P])
        lahir = b.lahir(2005, 2024)
        n1, n2 = KEMBAR[i]
        jk = P if n1.split()[0] in DEPAN_P + ["Putri", "Indah", "Rina", "Dewi"] else L
        seri = i % 2 == 0
        x = b.tambah(
            n1, jk, lahir, nik=b.nik(lahir, jk) if seri else None, ibu=ibu.pk, kk=ibu.keluarga_id
        )
        y = b.tambah(
            n2, jk, lahir, nik=b.nik(lahir, jk) if seri else None, ibu=ibu.pk, kk=ibu.keluarga_id
        )
        b.pasang(x, y, "kembar", False)
    for i in range(20):
        # Father and son of the same name, the son "bin" his father, one house.
        ayah_nama = f"{r.choice(DEPAN_L)} {r.choice(TENGAH_L)}"
        lahir_ayah = b.lahir(1950, 1975)
        ayah = b.tambah(ayah_nama, L, lahir_ayah)
        lahir_anak = b.lahir(lahir_ayah.year + 20, lahir_ayah.year + 35)
        nama_anak = (
            f"{ayah_nama} bin {ayah_nama}" if i % 2 else f"{ayah_nama.split()[0]} bin {ayah_nama}"
        )
        anak_ = b.tambah(nama_anak, L, lahir_anak, kk=ayah.keluarga_id)
        b.pasang(ayah, anak_, "ayah_anak_bin", False)
    for _ in range(20):
        # Two women named Siti Aminah (or another common name) of different ages, in one RT.
        nama = r.choice(("Siti Aminah", "Siti Khasanah", "Sri Wahyuni", "Nur Hidayati"))
        x = b.tambah(nama, P, b.lahir(1950, 1985))
        y = b.tambah(nama, P, b.lahir(1986, 2006))
        b.pasang(x, y, "nama_sama_umur_beda", False)
    assert len(b.h.orang) >= 1000 and len(b.h.ganda) == 50 and len(b.h.bukan) == 50
    return b.h
