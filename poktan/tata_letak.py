"""The one place that lays out the SIGA registers K/0 and R/I of the five poktan types.

OFFICIAL.md §3 lists the fields from the 2020 SIGA data-entry screens ("likely"); UPPKA and
PIK-R have no published field list, so their layouts and material lists are ours (``milik_kita``,
said on screen). Correct a form here: the header fields, the blocks, the columns and the
checklists below are what the print view, the PDF and the Excel file render, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from poktan.kode import JenisKelompok

J = JenisKelompok

# Integration with other services (K/0), per type: code → label.
INTEGRASI: dict[str, list[tuple[str, str]]] = {
    J.BKB: [("posyandu", _("Posyandu")), ("paud", _("PAUD")), ("lain", _("Lainnya"))],
    J.BKR: [("ekonomi", _("Ekonomi produktif")), ("lain", _("Lainnya"))],
    J.BKL: [
        ("ekonomi", _("Ekonomi produktif")),
        ("posyandu_lansia", _("Posyandu lansia")),
        ("lain", _("Lainnya")),
    ],
    J.UPPKA: [
        ("bkb_bkr_bkl", _("BKB/BKR/BKL")),
        ("koperasi", _("Koperasi")),
        ("lain", _("Lainnya")),
    ],
    J.PIK_R: [
        ("sekolah", _("Sekolah")),
        ("karang_taruna", _("Karang Taruna")),
        ("lain", _("Lainnya")),
    ],
}

# Types whose K/0 asks whether the group is a national priority project.
PROYEK_PRIORITAS = (J.BKR, J.BKL)

# The checklist of a group's materials (K/0), per type: code → label.
MATERI: dict[str, list[tuple[str, str]]] = {
    J.BKB: [
        *[(f"buku_{i}", _("Buku seri %(i)s pengasuhan") % {"i": i}) for i in range(1, 10)],
        ("kespro", _("Materi kesehatan reproduksi")),
        ("kit_bkb", _("BKB Kit")),
        ("kka", _("Kartu Kembang Anak")),
    ],
    J.BKR: [
        ("kb_pup", _("KB dan Pendewasaan Usia Perkawinan")),
        ("triad_krr", _("TRIAD KRR")),
        ("komunikasi", _("Komunikasi orang tua–remaja")),
        ("kebersihan", _("Kebersihan diri")),
        ("gizi", _("Gizi remaja")),
        ("kit_genre", _("GenRe Kit")),
    ],
    J.BKL: [
        *[(f"buku_{i}", _("Buku seri %(i)s BKL") % {"i": i}) for i in range(1, 5)],
        *[
            (f"dimensi_{i}", _("Buku dimensi lansia tangguh: %(d)s") % {"d": d})
            for i, d in enumerate(
                [
                    _("spiritual"),
                    _("fisik"),
                    _("emosional"),
                    _("intelektual"),
                    _("sosial kemasyarakatan"),
                    _("profesional dan vokasional"),
                    _("lingkungan"),
                ],
                start=1,
            )
        ],
        ("kit_bkl", _("BKL Kit")),
    ],
    # Ours: no published list.
    J.UPPKA: [
        ("buku_kas", _("Buku kas")),
        ("buku_anggota", _("Buku anggota")),
        ("buku_pinjaman", _("Buku pinjaman modal")),
        ("materi_usaha", _("Materi pengembangan usaha")),
        ("materi_kb", _("Materi KB")),
    ],
    # Ours; the booklets are numbered items.
    J.PIK_R: [
        *[(f"buku_{i}", _("Buku materi PIK-R nomor %(i)s") % {"i": i}) for i in range(1, 7)],
        ("kit_genre", _("GenRe Kit")),
        ("papan_nama", _("Papan nama PIK-R")),
    ],
}

MILIK_KITA = (J.UPPKA, J.PIK_R)
JENIS_REGISTER = (J.BKB, J.BKR, J.BKL, J.UPPKA, J.PIK_R)


@dataclass(frozen=True)
class Kolom:
    kunci: str
    judul: str


@dataclass(frozen=True)
class TataLetak:
    """One form of one type: its code, title, paper orientation and the columns of its lists."""

    jenis: str
    formulir: str  # "k0" or "ri"
    judul: str
    milik_kita: bool
    mendatar: bool
    kolom_pengurus: list[Kolom] = field(default_factory=list)
    kolom_anggota: list[Kolom] = field(default_factory=list)
    kolom_hadir: list[Kolom] = field(default_factory=list)
    kepala: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kode(self) -> str:
        """The form code with the edition suffix (a setting): K/0/BKB/20."""
        nama = "K/0" if self.formulir == "k0" else "R/I"
        return f"{nama}/{KODE_JENIS[self.jenis]}/{edisi()}"


KODE_JENIS = {J.BKB: "BKB", J.BKR: "BKR", J.BKL: "BKL", J.UPPKA: "UPPKA", J.PIK_R: "PIK-R"}


def edisi() -> str:
    return str(settings.RUMAHDATAKU.get("REGISTER_EDISI", "20"))


# Header fields shared by both forms (key of the filled dict → label), in print order.
KEPALA_IDENTITAS = [
    ("provinsi", _("Provinsi")),
    ("kabupaten", _("Kabupaten/Kota")),
    ("kecamatan", _("Kecamatan")),
    ("desa", _("Desa/Kelurahan")),
    ("kode_wilayah", _("Kode wilayah")),
    ("kode_kelompok", _("Kode kelompok")),
    ("nomor_register", _("Nomor register")),
    ("nama_kelompok", _("Nama kelompok")),
]

_PENGURUS = [
    Kolom("no", "No"),
    Kolom("jabatan", _("Jabatan")),
    Kolom("nama", _("Nama")),
    Kolom("nik", _("NIK")),
    Kolom("kode_keluarga", _("Kode keluarga")),
    Kolom("peserta_kb", _("Peserta KB")),
    Kolom("terlatih", _("Terlatih")),
]
_ANGGOTA_KELUARGA = [
    Kolom("no", "No"),
    Kolom("nik", _("NIK")),
    Kolom("kode_keluarga", _("Kode keluarga")),
    Kolom("nama", _("Nama")),
]
_ANGGOTA_BKL = [
    *_ANGGOTA_KELUARGA,
    Kolom("lansia", _("Lansia")),
    Kolom("kemandirian", _("Tingkat kemandirian")),
]
_ANGGOTA_PIKR = [
    Kolom("no", "No"),
    Kolom("nik", _("NIK")),
    Kolom("kode_keluarga", _("Kode keluarga")),
    Kolom("nama", _("Nama remaja")),
    Kolom("jenis_kelamin", _("L/P")),
]


def tata_letak(jenis: str, formulir: str) -> TataLetak:
    """The layout of one form of one type."""
    milik_kita = jenis in MILIK_KITA
    nama = KODE_JENIS[jenis]
    if formulir == "k0":
        anggota = {J.BKL: _ANGGOTA_BKL, J.PIK_R: _ANGGOTA_PIKR}.get(jenis, _ANGGOTA_KELUARGA)
        return TataLetak(
            jenis=jenis,
            formulir="k0",
            judul=str(_("Kartu data kelompok %(n)s") % {"n": nama}),
            milik_kita=milik_kita,
            mendatar=False,
            kolom_pengurus=_PENGURUS,
            kolom_anggota=anggota,
            kepala=KEPALA_IDENTITAS,
        )
    hadir = _ANGGOTA_PIKR if jenis == J.PIK_R else _ANGGOTA_KELUARGA
    return TataLetak(
        jenis=jenis,
        formulir="ri",
        judul=str(_("Register kegiatan kelompok %(n)s") % {"n": nama}),
        milik_kita=milik_kita,
        mendatar=True,
        kolom_hadir=hadir,
        kepala=[*KEPALA_IDENTITAS, ("bulan", _("Bulan laporan")), ("lembar", _("Lembar ke"))],
    )


# Columns of a R/I meeting block, in print order (BKB adds the children's age group).
def kolom_pertemuan(jenis: str) -> list[Kolom]:
    kolom = [
        Kolom("tanggal", _("Tanggal")),
        Kolom("penyaji", _("Penyaji")),
        Kolom("topik", _("Materi/topik")),
    ]
    if jenis == J.BKB:
        kolom.append(Kolom("kelompok_umur", _("Kelompok umur anak")))
    kolom += [Kolom("diskusi", _("Diskusi")), Kolom("jumlah_hadir", _("Jumlah hadir"))]
    return kolom
