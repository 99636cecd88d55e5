"""OpenSID population workbook: expected columns and the mapping of its Dukcapil codes to ours.

Each ``petakan_<kolom>`` takes the raw cell value and returns our value together with the
OpenSID code as written (to keep in ``Anggota.kode_asli``), or raises SelError for a code
outside the published list (../shared/OPENSID_FORMAT.md). A code may also be given by its
Dukcapil label (case-insensitive), as some hand-made workbooks do.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from impor.sel import SelError, kode_teks, normal_kode, teks
from keluarga.kode import (
    JKN,
    Agama,
    AktaLahir,
    HubunganKK,
    JenisKelamin,
    MetodeKB,
    Pekerjaan,
    Pendidikan,
    StatusHidup,
    StatusKawin,
)

KOLOM_OPENSID: tuple[str, ...] = (
    "alamat",
    "dusun",
    "rw",
    "rt",
    "nama",
    "no_kk",
    "nik",
    "sex",
    "tempatlahir",
    "tanggallahir",
    "agama_id",
    "pendidikan_kk_id",
    "pendidikan_sedang_id",
    "pekerjaan_id",
    "status_kawin",
    "kk_level",
    "warganegara_id",
    "ayah_nik",
    "nama_ayah",
    "ibu_nik",
    "nama_ibu",
    "golongan_darah_id",
    "akta_lahir",
    "dokumen_pasport",
    "tanggal_akhir_paspor",
    "dokumen_kitas",
    "akta_perkawinan",
    "tanggalperkawinan",
    "akta_perceraian",
    "tanggalperceraian",
    "cacat_id",
    "cara_kb_id",
    "hamil",
    "ktp_el",
    "status_rekam",
    "alamat_sekarang",
    "status_dasar",
    "suku",
    "tag_id_card",
    "id_asuransi",
    "no_asuransi",
    "lat",
    "lng",
)

# Columns without which a row cannot become a member of a family in a place.
KOLOM_WAJIB: tuple[str, ...] = (
    "dusun",
    "rw",
    "rt",
    "nama",
    "no_kk",
    "nik",
    "sex",
    "tanggallahir",
    "kk_level",
    "status_kawin",
)

# A code table: OpenSID code -> (Dukcapil label, our value).
Tabel = Mapping[int, tuple[str, object]]


@dataclass(frozen=True)
class Hasil:
    """A mapped cell: our value, the OpenSID code as written ('' when empty) and a warning."""

    nilai: str | bool | None
    asli: str
    peringatan: str = ""


@dataclass(frozen=True)
class HasilKB:
    """A mapped cara_kb_id: a method, 'no method' (code 100) or 'not recorded' (empty)."""

    metode: str | None
    asli: str

    @property
    def tercatat(self) -> bool:
        """Whether the file says anything about KB (a method or 'Tidak menggunakan')."""
        return self.asli != ""

    @property
    def tanpa_metode(self) -> bool:
        """Whether the file says the person uses no method (code 100)."""
        return self.tercatat and self.metode is None


@dataclass(frozen=True)
class HasilPendidikan:
    """Our education code from pendidikan_kk_id and pendidikan_sedang_id, both kept."""

    nilai: str
    asli_kk: str
    asli_sedang: str
    peringatan: str = ""


SEX: Tabel = {
    1: ("Laki-laki", JenisKelamin.LAKI_LAKI),
    2: ("Perempuan", JenisKelamin.PEREMPUAN),
}
_ALIAS_SEX = {"l": 1, "lk": 1, "laki laki": 1, "p": 2, "pr": 2, "wanita": 2}

AGAMA: Tabel = {
    1: ("Islam", Agama.ISLAM),
    2: ("Kristen", Agama.KRISTEN),
    3: ("Katholik", Agama.KATOLIK),
    4: ("Hindu", Agama.HINDU),
    5: ("Budha", Agama.BUDDHA),
    6: ("Khonghucu", Agama.KHONGHUCU),
    # "Kepercayaan terhadap Tuhan YME/lainnya": the only non-listed choice is a penghayat.
    7: ("Kepercayaan/lainnya", Agama.PENGHAYAT),
}
_ALIAS_AGAMA = {
    "katolik": 3,
    "protestan": 2,
    "buddha": 5,
    "konghucu": 6,
    "kong hu cu": 6,
    "kepercayaan": 7,
    "penghayat kepercayaan": 7,
    "kepercayaan terhadap tuhan yme": 7,
    "lainnya": 7,
}

# pendidikan_kk_id: the education written on the KK (for pupils often the level attended).
PENDIDIKAN_KK: Tabel = {
    1: ("Tidak/belum sekolah", Pendidikan.TIDAK_SEKOLAH),
    2: ("Belum tamat SD/sederajat", Pendidikan.TIDAK_TAMAT_SD),
    3: ("Tamat SD/sederajat", Pendidikan.TAMAT_SD),
    4: ("SLTP/sederajat", Pendidikan.TAMAT_SLTP),
    5: ("SLTA/sederajat", Pendidikan.TAMAT_SLTA),
    6: ("Diploma I/II", Pendidikan.TAMAT_PT),
    7: ("Akademi/Diploma III/S.Muda", Pendidikan.TAMAT_PT),
    8: ("Diploma IV/Strata I", Pendidikan.TAMAT_PT),
    9: ("Strata II", Pendidikan.TAMAT_PT),
    10: ("Strata III", Pendidikan.TAMAT_PT),
}

# School stages, in order; _SLB is a special school whose stage the code does not say.
_SD, _SLTP, _SLTA, _PT, _SLB = 1, 2, 3, 4, 5
_JENJANG_MASIH = {
    _SD: Pendidikan.MASIH_SD,
    _SLTP: Pendidikan.MASIH_SLTP,
    _SLTA: Pendidikan.MASIH_SLTA,
    _PT: Pendidikan.MASIH_PT,
}
# The stage a pendidikan_kk_id code has completed (1 and 2: none yet).
_JENJANG_KK = {1: 0, 2: 0, 3: _SD, 4: _SLTP, 5: _SLTA, 6: _PT, 7: _PT, 8: _PT, 9: _PT, 10: _PT}
# Degree rank inside higher education, for KK codes 6-10 and "sedang" codes 8-13.
_TINGKAT_PT_KK = {6: 1, 7: 2, 8: 3, 9: 4, 10: 5}
_TINGKAT_PT_SEDANG = {8: 1, 9: 1, 10: 2, 11: 3, 12: 4, 13: 5}

# pendidikan_sedang_id: code -> (label, (stage attended now or None, value when KK is empty)).
PENDIDIKAN_SEDANG: Tabel = {
    # not (yet) in school: PK counts kindergarten as "belum sekolah"
    1: ("Belum masuk TK/kelompok bermain", (None, Pendidikan.TIDAK_SEKOLAH)),
    2: ("Sedang TK/kelompok bermain", (None, Pendidikan.TIDAK_SEKOLAH)),
    3: ("Tidak pernah sekolah", (None, Pendidikan.TIDAK_SEKOLAH)),
    4: ("Sedang SD/sederajat", (_SD, Pendidikan.MASIH_SD)),
    5: ("Tidak tamat SD/sederajat", (None, Pendidikan.TIDAK_TAMAT_SD)),
    6: ("Sedang SLTP/sederajat", (_SLTP, Pendidikan.MASIH_SLTP)),
    7: ("Sedang SLTA/sederajat", (_SLTA, Pendidikan.MASIH_SLTA)),
    # higher education, any degree
    8: ("Sedang D-1/sederajat", (_PT, Pendidikan.MASIH_PT)),
    9: ("Sedang D-2/sederajat", (_PT, Pendidikan.MASIH_PT)),
    10: ("Sedang D-3/sederajat", (_PT, Pendidikan.MASIH_PT)),
    11: ("Sedang S-1/sederajat", (_PT, Pendidikan.MASIH_PT)),
    12: ("Sedang S-2/sederajat", (_PT, Pendidikan.MASIH_PT)),
    13: ("Sedang S-3/sederajat", (_PT, Pendidikan.MASIH_PT)),
    # special schools: Masih SD unless the KK shows a completed stage
    14: ("Sedang SLB A", (_SLB, Pendidikan.MASIH_SD)),
    15: ("Sedang SLB B", (_SLB, Pendidikan.MASIH_SD)),
    16: ("Sedang SLB C", (_SLB, Pendidikan.MASIH_SD)),
    # says nothing about schooling: the KK code decides, unknown without it
    17: ("Tidak dapat membaca huruf latin/arab", (None, "")),
    18: ("Tidak sedang sekolah", (None, "")),
}

# pekerjaan_id (all 89 Dukcapil codes) -> the nearest PK21 job category.
PEKERJAAN: Tabel = {
    # not working: no job, housework, school
    1: ("Belum/tidak bekerja", Pekerjaan.TIDAK_BEKERJA),
    2: ("Mengurus rumah tangga", Pekerjaan.TIDAK_BEKERJA),
    3: ("Pelajar/mahasiswa", Pekerjaan.TIDAK_BEKERJA),
    4: ("Pensiunan", Pekerjaan.PENSIUNAN),
    # civil servants, army, police
    5: ("Pegawai negeri sipil (PNS)", Pekerjaan.PNS_TNI_POLRI),
    6: ("Tentara nasional Indonesia (TNI)", Pekerjaan.PNS_TNI_POLRI),
    7: ("Kepolisian RI (POLRI)", Pekerjaan.PNS_TNI_POLRI),
    8: ("Perdagangan", Pekerjaan.PEDAGANG),
    # farming and livestock, owners and labourers alike
    9: ("Petani/pekebun", Pekerjaan.PETANI),
    10: ("Peternak", Pekerjaan.PETANI),
    11: ("Nelayan/perikanan", Pekerjaan.NELAYAN),
    # business sectors (Dukcapil lists employees (15) and labourers (19) separately)
    12: ("Industri", Pekerjaan.WIRASWASTA),
    13: ("Konstruksi", Pekerjaan.WIRASWASTA),
    14: ("Transportasi", Pekerjaan.WIRASWASTA),
    # employees of companies, state/regional enterprises (not ASN) and honorary staff
    15: ("Karyawan swasta", Pekerjaan.PEGAWAI_SWASTA),
    16: ("Karyawan BUMN", Pekerjaan.PEGAWAI_SWASTA),
    17: ("Karyawan BUMD", Pekerjaan.PEGAWAI_SWASTA),
    18: ("Karyawan honorer", Pekerjaan.PEGAWAI_SWASTA),
    19: ("Buruh harian lepas", Pekerjaan.PEKERJA_LEPAS),
    # farm, fishery and livestock labourers follow their sector
    20: ("Buruh tani/perkebunan", Pekerjaan.PETANI),
    21: ("Buruh nelayan/perikanan", Pekerjaan.NELAYAN),
    22: ("Buruh peternakan", Pekerjaan.PETANI),
    # domestic workers, tradesmen (tukang), mechanics: casual, paid per job or day
    23: ("Pembantu rumah tangga", Pekerjaan.PEKERJA_LEPAS),
    24: ("Tukang cukur", Pekerjaan.PEKERJA_LEPAS),
    25: ("Tukang listrik", Pekerjaan.PEKERJA_LEPAS),
    26: ("Tukang batu", Pekerjaan.PEKERJA_LEPAS),
    27: ("Tukang kayu", Pekerjaan.PEKERJA_LEPAS),
    28: ("Tukang sol sepatu", Pekerjaan.PEKERJA_LEPAS),
    29: ("Tukang las/pandai besi", Pekerjaan.PEKERJA_LEPAS),
    30: ("Tukang jahit", Pekerjaan.PEKERJA_LEPAS),
    31: ("Tukang gigi", Pekerjaan.PEKERJA_LEPAS),
    # own-account services and crafts: self-employed
    32: ("Penata rias", Pekerjaan.WIRASWASTA),
    33: ("Penata busana", Pekerjaan.WIRASWASTA),
    34: ("Penata rambut", Pekerjaan.WIRASWASTA),
    35: ("Mekanik", Pekerjaan.PEKERJA_LEPAS),
    36: ("Seniman", Pekerjaan.WIRASWASTA),
    37: ("Tabib", Pekerjaan.WIRASWASTA),
    38: ("Paraji", Pekerjaan.WIRASWASTA),
    39: ("Perancang busana", Pekerjaan.WIRASWASTA),
    40: ("Penterjemah", Pekerjaan.PEGAWAI_SWASTA),
    # religious workers, paid by their (non-government) religious institutions
    41: ("Imam masjid", Pekerjaan.PEGAWAI_SWASTA),
    42: ("Pendeta", Pekerjaan.PEGAWAI_SWASTA),
    43: ("Pastor", Pekerjaan.PEGAWAI_SWASTA),
    44: ("Wartawan", Pekerjaan.PEGAWAI_SWASTA),
    45: ("Ustadz/mubaligh", Pekerjaan.PEGAWAI_SWASTA),
    46: ("Juru masak", Pekerjaan.PEGAWAI_SWASTA),
    47: ("Promotor acara", Pekerjaan.WIRASWASTA),
    # state officials: parliament, BPK, MK, president, ministers, ambassadors, heads of region
    48: ("Anggota DPR-RI", Pekerjaan.PEJABAT_NEGARA),
    49: ("Anggota DPD", Pekerjaan.PEJABAT_NEGARA),
    50: ("Anggota BPK", Pekerjaan.PEJABAT_NEGARA),
    51: ("Presiden", Pekerjaan.PEJABAT_NEGARA),
    52: ("Wakil presiden", Pekerjaan.PEJABAT_NEGARA),
    53: ("Anggota Mahkamah Konstitusi", Pekerjaan.PEJABAT_NEGARA),
    54: ("Anggota kabinet/kementerian", Pekerjaan.PEJABAT_NEGARA),
    55: ("Duta besar", Pekerjaan.PEJABAT_NEGARA),
    56: ("Gubernur", Pekerjaan.PEJABAT_NEGARA),
    57: ("Wakil gubernur", Pekerjaan.PEJABAT_NEGARA),
    58: ("Bupati", Pekerjaan.PEJABAT_NEGARA),
    59: ("Wakil bupati", Pekerjaan.PEJABAT_NEGARA),
    60: ("Walikota", Pekerjaan.PEJABAT_NEGARA),
    61: ("Wakil walikota", Pekerjaan.PEJABAT_NEGARA),
    62: ("Anggota DPRD provinsi", Pekerjaan.PEJABAT_NEGARA),
    63: ("Anggota DPRD kabupaten/kota", Pekerjaan.PEJABAT_NEGARA),
    # professions (a civil-servant teacher/doctor is coded 5 PNS on the KK, not here)
    64: ("Dosen", Pekerjaan.PEGAWAI_SWASTA),
    65: ("Guru", Pekerjaan.PEGAWAI_SWASTA),
    66: ("Pilot", Pekerjaan.PEGAWAI_SWASTA),
    67: ("Pengacara", Pekerjaan.PEGAWAI_SWASTA),
    68: ("Notaris", Pekerjaan.PEGAWAI_SWASTA),
    69: ("Arsitek", Pekerjaan.PEGAWAI_SWASTA),
    70: ("Akuntan", Pekerjaan.PEGAWAI_SWASTA),
    71: ("Konsultan", Pekerjaan.PEGAWAI_SWASTA),
    72: ("Dokter", Pekerjaan.PEGAWAI_SWASTA),
    73: ("Bidan", Pekerjaan.PEGAWAI_SWASTA),
    74: ("Perawat", Pekerjaan.PEGAWAI_SWASTA),
    75: ("Apoteker", Pekerjaan.PEGAWAI_SWASTA),
    76: ("Psikiater/psikolog", Pekerjaan.PEGAWAI_SWASTA),
    77: ("Penyiar televisi", Pekerjaan.PEGAWAI_SWASTA),
    78: ("Penyiar radio", Pekerjaan.PEGAWAI_SWASTA),
    # ship crew (merchant navy, not fishing)
    79: ("Pelaut", Pekerjaan.PEGAWAI_SWASTA),
    80: ("Peneliti", Pekerjaan.PEGAWAI_SWASTA),
    81: ("Sopir", Pekerjaan.PEKERJA_LEPAS),
    # brokers and paranormals work on their own account
    82: ("Pialang", Pekerjaan.WIRASWASTA),
    83: ("Paranormal", Pekerjaan.WIRASWASTA),
    84: ("Pedagang", Pekerjaan.PEDAGANG),
    # village government: not ASN, but public servants paid from the state budget (Siltap)
    85: ("Perangkat desa", Pekerjaan.PNS_TNI_POLRI),
    86: ("Kepala desa", Pekerjaan.PNS_TNI_POLRI),
    87: ("Biarawati", Pekerjaan.PEGAWAI_SWASTA),
    88: ("Wiraswasta", Pekerjaan.WIRASWASTA),
    # PK has no "Lainnya": the broadest informal category
    89: ("Lainnya", Pekerjaan.PEKERJA_LEPAS),
}

STATUS_KAWIN: Tabel = {
    1: ("Belum kawin", StatusKawin.BELUM_KAWIN),
    2: ("Kawin", StatusKawin.KAWIN),
    3: ("Cerai hidup", StatusKawin.CERAI_HIDUP),
    4: ("Cerai mati", StatusKawin.CERAI_MATI),
}
_ALIAS_STATUS_KAWIN = {"kawin tercatat": 2, "kawin belum tercatat": 2, "kawin tidak tercatat": 2}

# SHDK: the code is already our value.
KK_LEVEL: Tabel = {int(h.value): (str(h.label), h.value) for h in HubunganKK}

ASURANSI: Tabel = {
    1: ("Tidak/belum punya", JKN.TIDAK),
    2: ("BPJS PBI", JKN.PBI),
    3: ("BPJS non-PBI", JKN.NON_PBI),
    # regional health insurance (Jamkesda) is PK's PBI group
    4: ("BPJS bantuan daerah", JKN.PBI),
    99: ("Asuransi lainnya", JKN.SWASTA),
}

# cara_kb_id -> method; 100 "Tidak menggunakan" is no method (None).
CARA_KB: Tabel = {
    1: ("Pil", MetodeKB.PIL),
    2: ("IUD", MetodeKB.IUD),
    3: ("Suntik", MetodeKB.SUNTIK),
    4: ("Kondom", MetodeKB.KONDOM),
    5: ("Susuk KB (implan)", MetodeKB.IMPLAN),
    6: ("Sterilisasi wanita (MOW)", MetodeKB.MOW),
    7: ("Sterilisasi pria (MOP)", MetodeKB.MOP),
    99: ("Lainnya", MetodeKB.TRADISIONAL),
    100: ("Tidak menggunakan", None),
}
_ALIAS_CARA_KB = {
    "implan": 5,
    "susuk": 5,
    "susuk kb": 5,
    "akdr": 2,
    "spiral": 2,
    "mow": 6,
    "tubektomi": 6,
    "mop": 7,
    "vasektomi": 7,
}

HAMIL: Tabel = {1: ("Hamil", True), 2: ("Tidak hamil", False)}

# status_dasar 6 "Pergi" left the village like 3; 9 "Tidak valid" is kept out of the
# population as Hilang and flagged for checking.
STATUS_DASAR: Tabel = {
    1: ("Hidup", StatusHidup.HIDUP),
    2: ("Mati", StatusHidup.MENINGGAL),
    3: ("Pindah", StatusHidup.PINDAH),
    4: ("Hilang", StatusHidup.HILANG),
    6: ("Pergi", StatusHidup.PINDAH),
    9: ("Tidak valid", StatusHidup.HILANG),
}
_STATUS_DASAR_DITANDAI = 9

# akta_lahir text that says there is no certificate (rather than giving its number).
_AKTA_TIDAK = {"tidak", "tidak ada", "belum", "belum ada", "tidak punya", "belum punya"}
_AKTA_KOSONG = {"-", "--", "0"}


def _ringkas(kode: Iterable[int]) -> str:
    """Codes as short ranges, e.g. '1-7, 99, 100'."""
    urut = sorted(kode)
    bagian: list[str] = []
    awal = akhir = urut[0]
    for k in [*urut[1:], None]:
        if k is not None and k == akhir + 1:
            akhir = k
            continue
        bagian.append(str(awal) if awal == akhir else f"{awal}-{akhir}")
        if k is not None:
            awal = akhir = k
    return ", ".join(bagian)


def _cari(
    raw: object, kolom: str, tabel: Tabel, alias: Mapping[str, int] | None = None
) -> int | None:
    """The code of a cell in a table (by number, label or alias), or None when empty."""
    s = kode_teks(raw)
    if not s:
        return None
    dicari = normal_kode(s)
    if dicari.isascii() and dicari.isdigit() and int(dicari) in tabel:
        return int(dicari)
    for kode, (label, _nilai) in tabel.items():
        if dicari == normal_kode(label):
            return kode
    if alias and dicari in alias:
        return alias[dicari]
    raise SelError(
        _("Kode %(kolom)s '%(v)s' tidak ada dalam daftar kode OpenSID (%(daftar)s).")
        % {"kolom": kolom, "v": s if len(s) <= 60 else s[:57] + "...", "daftar": _ringkas(tabel)}
    )


def _petakan(
    raw: object,
    kolom: str,
    tabel: Tabel,
    alias: Mapping[str, int] | None = None,
    kosong: str | bool | None = "",
) -> Hasil:
    """Map a code cell through a table; an empty cell gives ``kosong``."""
    kode = _cari(raw, kolom, tabel, alias)
    if kode is None:
        return Hasil(kosong, "")
    return Hasil(tabel[kode][1], str(kode))


def petakan_sex(raw: object) -> Hasil:
    """sex (1 Laki-laki, 2 Perempuan; also L/P) -> JenisKelamin."""
    return _petakan(raw, "sex", SEX, _ALIAS_SEX)


def petakan_agama(raw: object) -> Hasil:
    """agama_id -> Agama (7 Kepercayaan/lainnya -> Penghayat)."""
    return _petakan(raw, "agama_id", AGAMA, _ALIAS_AGAMA)


def petakan_pendidikan_kk(raw: object) -> Hasil:
    """pendidikan_kk_id alone -> Pendidikan (completed level; 6-10 -> Tamat PT)."""
    return _petakan(raw, "pendidikan_kk_id", PENDIDIKAN_KK)


def petakan_pendidikan_sedang(raw: object) -> Hasil:
    """pendidikan_sedang_id alone -> Pendidikan, as if pendidikan_kk_id were empty."""
    kode = _cari(raw, "pendidikan_sedang_id", PENDIDIKAN_SEDANG)
    if kode is None:
        return Hasil("", "")
    _jenjang, nilai = PENDIDIKAN_SEDANG[kode][1]
    return Hasil(nilai, str(kode))


def petakan_pendidikan(kk_raw: object, sedang_raw: object = None) -> HasilPendidikan:
    """pendidikan_kk_id and pendidikan_sedang_id -> Pendidikan, "Masih ..." for pupils."""
    kk = _cari(kk_raw, "pendidikan_kk_id", PENDIDIKAN_KK)
    sedang = _cari(sedang_raw, "pendidikan_sedang_id", PENDIDIKAN_SEDANG)
    asli_kk, asli_sedang = ("" if kk is None else str(kk)), ("" if sedang is None else str(sedang))
    nilai_kk = "" if kk is None else PENDIDIKAN_KK[kk][1]
    if sedang is None:
        return HasilPendidikan(nilai_kk, asli_kk, asli_sedang)
    jenjang, nilai_sedang = PENDIDIKAN_SEDANG[sedang][1]
    tamat = _JENJANG_KK.get(kk, 0)
    if jenjang is None:
        return HasilPendidikan(nilai_kk or nilai_sedang, asli_kk, asli_sedang)
    if jenjang == _SLB:
        return HasilPendidikan(nilai_sedang if tamat == 0 else nilai_kk, asli_kk, asli_sedang)
    if jenjang < tamat:
        peringatan = _(
            "pendidikan_sedang_id %(sedang)s (%(ls)s) lebih rendah dari pendidikan_kk_id "
            "%(kk)s (%(lk)s); dipakai pendidikan_kk_id."
        ) % {
            "sedang": sedang,
            "ls": PENDIDIKAN_SEDANG[sedang][0],
            "kk": kk,
            "lk": PENDIDIKAN_KK[kk][0],
        }
        return HasilPendidikan(nilai_kk, asli_kk, asli_sedang, peringatan)
    if jenjang == _PT == tamat and _TINGKAT_PT_SEDANG[sedang] > _TINGKAT_PT_KK[kk]:
        # A graduate studying for a higher degree has completed higher education.
        return HasilPendidikan(Pendidikan.TAMAT_PT, asli_kk, asli_sedang)
    return HasilPendidikan(_JENJANG_MASIH[jenjang], asli_kk, asli_sedang)


def petakan_pekerjaan(raw: object) -> Hasil:
    """pekerjaan_id (1-89) -> the nearest Pekerjaan category."""
    return _petakan(raw, "pekerjaan_id", PEKERJAAN)


def petakan_status_kawin(raw: object) -> Hasil:
    """status_kawin (1-4) -> StatusKawin."""
    return _petakan(raw, "status_kawin", STATUS_KAWIN, _ALIAS_STATUS_KAWIN)


def petakan_kk_level(raw: object) -> Hasil:
    """kk_level (SHDK 1-11) -> HubunganKK (the same code)."""
    return _petakan(raw, "kk_level", KK_LEVEL)


def petakan_asuransi(raw: object) -> Hasil:
    """id_asuransi -> JKN (1 Tidak, 2 and 4 PBI, 3 non-PBI, 99 swasta); empty -> ''."""
    return _petakan(raw, "id_asuransi", ASURANSI)


def petakan_cara_kb(raw: object) -> HasilKB:
    """cara_kb_id -> MetodeKB; 100 is 'no method', an empty cell is 'not recorded'."""
    kode = _cari(raw, "cara_kb_id", CARA_KB, _ALIAS_CARA_KB)
    if kode is None:
        return HasilKB(None, "")
    return HasilKB(CARA_KB[kode][1], str(kode))


def petakan_hamil(raw: object) -> Hasil:
    """hamil (1 Hamil -> True; 2 or empty -> False)."""
    return _petakan(raw, "hamil", HAMIL, kosong=False)


def petakan_status_dasar(raw: object) -> Hasil:
    """status_dasar -> StatusHidup (6 Pergi -> Pindah; 9 Tidak valid -> Hilang, flagged)."""
    hasil = _petakan(raw, "status_dasar", STATUS_DASAR, kosong=StatusHidup.HIDUP)
    if hasil.asli == str(_STATUS_DASAR_DITANDAI):
        peringatan = _(
            "status_dasar 9 (Tidak valid): orang ini disimpan sebagai Hilang, di luar "
            "jumlah penduduk; periksa datanya di OpenSID."
        )
        return Hasil(hasil.nilai, hasil.asli, peringatan)
    return hasil


def petakan_akta_lahir(raw: object) -> Hasil:
    """akta_lahir (certificate number) -> Ya; empty or '-' -> '' (unknown); 'tidak' -> Tidak."""
    if isinstance(raw, bool):
        raise SelError(_("akta_lahir berisi nilai TRUE/FALSE, bukan nomor akta lahir."))
    s = teks(raw)
    if s in _AKTA_KOSONG or not s:
        return Hasil("", s)
    if normal_kode(s) in _AKTA_TIDAK:
        return Hasil(AktaLahir.TIDAK, s)
    return Hasil(AktaLahir.YA, s)


def _nama_kolom(sel: object) -> str:
    """A header cell as a column name (lower case, trimmed)."""
    try:
        return normal_kode(teks(sel))
    except SelError:
        return ""


def kolom_kurang(header: Iterable[object]) -> list[str]:
    """The required columns (KOLOM_WAJIB) missing from a header row, in order."""
    ada = {_nama_kolom(sel) for sel in header}
    return [k for k in KOLOM_WAJIB if k not in ada]
