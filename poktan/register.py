"""The SIGA registers of a group (OFFICIAL.md §3): states and due dates, and the data of a K/0 of a
year and an R/I of a month, filled from the app. Rendering (print, PDF, Excel) is in
poktan.register_keluaran; the layouts in poktan.tata_letak.

Rules ("Precisely" of issue 17):
- R/I of a month: *belum* (no meeting and no "no meeting held" record), *siap dicetak* (at least
  one), *diserahkan* (handed over, with date and user). Due from the 1st to the 3rd of the next
  month while not handed over; *terlambat* after the 3rd. Dates are Asia/Jakarta (TIME_ZONE).
- K/0 of year Y lists the members and officers on 1 January Y and is due 3 January Y; a group
  founded during Y lists them on its founding date and owes it within
  RUMAHDATAKU["K0_HARI_KELOMPOK_BARU"] days (ours).
- KKA referral: a child whose run of consecutive months with a filled card "perlu rujuk" is at
  least three, the run ending at the child's latest card of the month or the month before (a
  month without a filled card breaks the run; a card "sesuai" ends it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keluarga import akses
from keluarga import indicators as ind
from keluarga import kode as kode_keluarga
from keluarga.akses import K
from keluarga.models import Anggota
from poktan import tata_letak as tl
from poktan.akses import kelompok_qs
from poktan.kode import (
    JabatanPengurus,
    JenisKelompok,
    KategoriPembina,
    PenerbitSK,
    SumberDana,
    TingkatKemandirian,
)
from poktan.models import (
    KartuKembangAnak,
    Keanggotaan,
    Kelompok,
    KemandirianLansia,
    KeuanganUppka,
    Pertemuan,
    RegisterKelompok,
    q_terbuka_pada,
)

HARI_TEMPO = 3  # the 3rd of the next month (confirmed)
BELUM, SIAP, DISERAHKAN = "belum", "siap", "diserahkan"
LABEL_KEADAAN = {
    BELUM: gettext_lazy("belum"),
    SIAP: gettext_lazy("siap dicetak"),
    DISERAHKAN: gettext_lazy("diserahkan"),
}
BULAN_DILIHAT = 12  # months back the due/late lists look


def hari_ini() -> dt.date:
    """Today in Asia/Jakarta (the project's TIME_ZONE)."""
    return timezone.localdate()


def awal_bulan(tahun: int, bulan: int) -> dt.date:
    return dt.date(tahun, bulan, 1)


def tenggat_ri(tahun: int, bulan: int) -> dt.date:
    """The R/I of a month is due on the 3rd of the next month."""
    return ind.tambah_bulan(awal_bulan(tahun, bulan), 1).replace(day=HARI_TEMPO)


def tanggal_k0(kelompok: Kelompok, tahun: int) -> dt.date:
    """The K/0's reference date: 1 January, or the founding date for a group founded in the year."""
    berdiri = kelompok.tanggal_berdiri
    if berdiri and berdiri.year == tahun and berdiri > dt.date(tahun, 1, 1):
        return berdiri
    return dt.date(tahun, 1, 1)


def tenggat_k0(kelompok: Kelompok, tahun: int) -> dt.date:
    berdiri = kelompok.tanggal_berdiri
    if berdiri and berdiri.year == tahun and berdiri > dt.date(tahun, 1, 1):
        hari = int(settings.RUMAHDATAKU.get("K0_HARI_KELOMPOK_BARU", 30))
        return berdiri + dt.timedelta(days=hari)
    return dt.date(tahun, 1, HARI_TEMPO)


def cek_periode_k0(kelompok: Kelompok, tahun: int, *, hari: dt.date | None = None) -> None:
    """Refuse a K/0 for a year before the group existed or after this year."""
    hari = hari or hari_ini()
    berdiri = kelompok.tanggal_berdiri
    if berdiri and tahun < berdiri.year:
        raise ValidationError(
            _("K/0 tahun %(t)s tidak ada: kelompok ini baru berdiri pada %(b)s.")
            % {"t": tahun, "b": berdiri.strftime("%d-%m-%Y")}
        )
    if tahun > hari.year:
        raise ValidationError(_("K/0 tahun %(t)s belum bisa dibuat.") % {"t": tahun})


def cek_periode_ri(kelompok: Kelompok, tahun: int, bulan: int, *, hari=None) -> None:
    """Refuse an R/I for a future month or a month before the group existed."""
    hari = hari or hari_ini()
    if (tahun, bulan) > (hari.year, hari.month):
        raise ValidationError(
            _("Bulan %(b)s belum terjadi; register bulan depan belum bisa dibuat.")
            % {"b": f"{bulan:02d}-{tahun}"}
        )
    berdiri = kelompok.tanggal_berdiri
    if berdiri and (tahun, bulan) < (berdiri.year, berdiri.month):
        raise ValidationError(
            _("Register bulan %(b)s tidak ada: kelompok ini baru berdiri pada %(t)s.")
            % {"b": f"{bulan:02d}-{tahun}", "t": berdiri.strftime("%d-%m-%Y")}
        )


@dataclass
class Status:
    """The state of one form of one group for one period."""

    formulir: str
    periode: dt.date
    keadaan: str
    tenggat: dt.date
    jatuh_tempo: bool
    terlambat: bool
    jumlah_pertemuan: int = 0
    tanpa_pertemuan: bool = False
    diserahkan_pada: dt.date | None = None
    diserahkan_oleh: str = ""

    @property
    def label(self) -> str:
        if self.terlambat:
            return str(_("terlambat"))
        return str(LABEL_KEADAAN[self.keadaan])

    @property
    def label_keadaan(self) -> str:
        return str(LABEL_KEADAAN[self.keadaan])


def _status(formulir, periode, tenggat, mulai_tempo, reg, n, hari) -> Status:
    tanpa = bool(reg and reg.tanpa_pertemuan)
    if reg and reg.diserahkan_pada:
        keadaan = DISERAHKAN
    elif formulir == "k0" or n or tanpa:
        keadaan = SIAP
    else:
        keadaan = BELUM
    terbuka = keadaan != DISERAHKAN
    oleh = ""
    if reg and reg.diserahkan_oleh_id:
        u = reg.diserahkan_oleh
        oleh = u.get_full_name() or u.get_username()
    return Status(
        formulir=formulir,
        periode=periode,
        keadaan=keadaan,
        tenggat=tenggat,
        jatuh_tempo=terbuka and mulai_tempo <= hari <= tenggat,
        terlambat=terbuka and hari > tenggat,
        jumlah_pertemuan=n,
        tanpa_pertemuan=tanpa,
        diserahkan_pada=reg.diserahkan_pada if reg else None,
        diserahkan_oleh=oleh,
    )


def status_ri(kelompok: Kelompok, tahun: int, bulan: int, *, hari=None) -> Status:
    hari = hari or hari_ini()
    awal, akhir = awal_bulan(tahun, bulan), ind.akhir_bulan(tahun, bulan)
    reg = (
        RegisterKelompok.objects.filter(kelompok=kelompok, formulir="ri", periode=awal)
        .select_related("diserahkan_oleh")
        .first()
    )
    n = kelompok.pertemuan_set.filter(tanggal__gte=awal, tanggal__lte=akhir).count()
    return _status("ri", awal, tenggat_ri(tahun, bulan), akhir + dt.timedelta(days=1), reg, n, hari)


def status_k0(kelompok: Kelompok, tahun: int, *, hari=None) -> Status:
    hari = hari or hari_ini()
    reg = (
        RegisterKelompok.objects.filter(
            kelompok=kelompok, formulir="k0", periode=dt.date(tahun, 1, 1)
        )
        .select_related("diserahkan_oleh")
        .first()
    )
    acuan = tanggal_k0(kelompok, tahun)
    return _status("k0", dt.date(tahun, 1, 1), tenggat_k0(kelompok, tahun), acuan, reg, 0, hari)


def bulan_ri_berikut(hari: dt.date) -> tuple[int, int]:
    """The month whose R/I falls due next: last month until the 3rd, this month after it."""
    if hari.day <= HARI_TEMPO:
        lalu = ind.tambah_bulan(hari.replace(day=1), -1)
        return lalu.year, lalu.month
    return hari.year, hari.month


def _bulan_mundur(hari: dt.date, n: int) -> list[dt.date]:
    awal = hari.replace(day=1)
    return [ind.tambah_bulan(awal, -i) for i in range(n)]


def daftar_bulan(kelompok: Kelompok, *, hari=None, n: int = BULAN_DILIHAT) -> list[Status]:
    """The group's R/I of the last `n` months (newest first) with their states, in 2 queries."""
    hari = hari or hari_ini()
    bulan = _bulan_mundur(hari, n)
    berdiri = kelompok.tanggal_berdiri
    if berdiri:
        bulan = [b for b in bulan if b >= berdiri.replace(day=1)]
    return status_banyak([kelompok], bulan, hari=hari).get(kelompok.pk, [])


def status_banyak(kelompok_list, bulan: list[dt.date], *, hari) -> dict[int, list[Status]]:
    """R/I states of many groups over many months: two queries whatever their number."""
    ids = [k.pk for k in kelompok_list]
    if not ids or not bulan:
        return {}
    awal, akhir = min(bulan), ind.akhir_bulan(max(bulan).year, max(bulan).month)
    n = defaultdict(int)
    for r in (
        Pertemuan.objects.filter(kelompok_id__in=ids, tanggal__gte=awal, tanggal__lte=akhir)
        .annotate(b=TruncMonth("tanggal"))
        .values("kelompok_id", "b")
        .annotate(n=Count("pk"))
    ):
        b = r["b"].date() if isinstance(r["b"], dt.datetime) else r["b"]
        n[(r["kelompok_id"], b)] = r["n"]
    reg = {
        (r.kelompok_id, r.periode): r
        for r in RegisterKelompok.objects.filter(
            kelompok_id__in=ids, formulir="ri", periode__gte=awal, periode__lte=akhir
        ).select_related("diserahkan_oleh")
    }
    hasil = {}
    for k in kelompok_list:
        berdiri = k.tanggal_berdiri.replace(day=1) if k.tanggal_berdiri else None
        hasil[k.pk] = [
            _status(
                "ri",
                b,
                tenggat_ri(b.year, b.month),
                ind.tambah_bulan(b, 1),
                reg.get((k.pk, b)),
                n[(k.pk, b)],
                hari,
            )
            for b in bulan
            if berdiri is None or b >= berdiri
        ]
    return hasil


def jatuh_tempo_dan_terlambat(kelompok_qs, *, hari=None) -> dict:
    """Groups (of the five register types, active) whose R/I is due now or late, for the dashboard,
    the worklist page and the Penyuluh KB's view: {"jatuh_tempo": [...], "terlambat": [...]},
    rows (kelompok, Status), and their counts."""
    hari = hari or hari_ini()
    kelompok_list = list(
        kelompok_qs.filter(jenis__in=tl.JENIS_REGISTER, aktif=True).select_related("desa")
    )
    # Months that can be due or late: the last BULAN_DILIHAT finished months.
    bulan = _bulan_mundur(ind.tambah_bulan(hari.replace(day=1), -1), BULAN_DILIHAT)
    semua = status_banyak(kelompok_list, bulan, hari=hari)
    tempo, telat = [], []
    for k in kelompok_list:
        for s in semua.get(k.pk, []):
            if s.jatuh_tempo:
                tempo.append((k, s))
            elif s.terlambat:
                telat.append((k, s))
    return {"jatuh_tempo": tempo, "terlambat": telat, "n_tempo": len(tempo), "n_telat": len(telat)}


def baris_daftar_kerja(user) -> list[dict]:
    """The worklist page's rows: groups in the user's scope whose R/I is due, and late."""
    if not akses.boleh(user, K.CETAK_REGISTER):
        return []
    data = jatuh_tempo_dan_terlambat(kelompok_qs(user))
    url = reverse("poktan:jatuh_tempo")
    return [
        {"judul": _("Register R/I poktan jatuh tempo"), "jumlah": data["n_tempo"], "url": url},
        {"judul": _("Register R/I poktan terlambat"), "jumlah": data["n_telat"], "url": url},
    ]


# --- filling the forms ----------------------------------------------------------------------


def _ya(v) -> str:
    return "–" if v is None else (str(_("Ya")) if v else str(_("Tidak")))


def kepala(kelompok: Kelompok) -> dict:
    desa = kelompok.desa
    return {
        "provinsi": desa.kode[:2],
        "kabupaten": f"{desa.kode[:4]} {desa.kabupaten_nama}".strip(),
        "kecamatan": f"{desa.kode[:6]} {desa.kecamatan_nama}".strip(),
        "desa": f"{desa.kode} {desa.nama}",
        "kode_wilayah": desa.kode,
        "kode_kelompok": kelompok.kode_kelompok,
        "nomor_register": kelompok.nomor_register,
        "nama_kelompok": str(kelompok),
    }


def _label(pilihan, kode: str) -> str:
    return str(dict(pilihan).get(kode, kode)) if kode else ""


def _ketua(kelompok: Kelompok, tanggal: dt.date) -> str:
    p = _pengurus_qs(kelompok, tanggal).filter(peran=JabatanPengurus.KETUA).first()
    return p.nama if p else ""


def _pengurus_qs(kelompok: Kelompok, tanggal: dt.date):
    return kelompok.pengurus_set.exclude(peran="").filter(
        Q(mulai__isnull=True) | Q(mulai__lte=tanggal),
        Q(selesai__isnull=True) | Q(selesai__gt=tanggal),
    )


def tanda_tangan(kelompok: Kelompok, tanggal: dt.date) -> dict:
    return {
        "tempat": kelompok.desa.nama,
        "tanggal": tanggal,
        "pembina": kelompok.pembina_nama,
        "pembina_jabatan": _label(KategoriPembina.choices, kelompok.pembina_jabatan),
        "ketua": _ketua(kelompok, tanggal),
    }


def _nomor(nomor: str, samar: bool) -> str:
    if not nomor:
        return "–"
    return akses.samarkan(nomor) if samar else nomor


def _kepala_keluarga(keluarga_ids) -> dict[int, Anggota]:
    return {
        a.keluarga_id: a
        for a in Anggota.objects.filter(
            keluarga_id__in=list(keluarga_ids),
            hubungan=kode_keluarga.HubunganKK.KEPALA,
            status_hidup=kode_keluarga.StatusHidup.HIDUP,
        )
    }


def baris_anggota(keanggotaan: list[Keanggotaan], *, samar: bool) -> list[dict]:
    """Rows (NIK, family code, name) of members: a family by its head, a person, or an outsider;
    ordered by name."""
    kepala_kk = _kepala_keluarga(k.keluarga_id for k in keanggotaan if k.keluarga_id)
    rows = []
    for k in keanggotaan:
        if k.keluarga_id:
            h = kepala_kk.get(k.keluarga_id)
            nik, kk, nama, jk = (h.nik if h else ""), k.keluarga.no_kk, (h.nama if h else "–"), ""
        elif k.anggota_id:
            a = k.anggota
            nik, kk, nama, jk = a.nik, a.keluarga.no_kk, a.nama, a.jenis_kelamin
        else:
            nik, kk, nama, jk = "", "", k.nama_luar, k.jenis_kelamin_luar
        rows.append(
            {
                "keanggotaan": k.pk,
                "keluarga_id": k.keluarga_id,
                "nik": _nomor(nik, samar),
                "kode_keluarga": _nomor(kk, samar),
                "nama": nama,
                "jenis_kelamin": jk or "–",
            }
        )
    rows.sort(key=lambda r: (r["nama"].lower(), r["keanggotaan"]))
    for i, r in enumerate(rows, start=1):
        r["no"] = i
    return rows


def kemandirian_pada(anggota_ids, tanggal: dt.date) -> dict[int, str]:
    """Each elder's level of independence on the date: the last record on or before it."""
    hasil = {}
    for r in (
        KemandirianLansia.objects.filter(anggota_id__in=list(anggota_ids), tanggal__lte=tanggal)
        .order_by("anggota_id", "tanggal", "pk")
        .values("anggota_id", "tingkat")
    ):
        hasil[r["anggota_id"]] = r["tingkat"]
    return hasil


def lansia_keluarga(kelompok: Kelompok, keluarga_ids, tanggal: dt.date) -> dict[int, list]:
    """The elders (lansia on the date, keluarga.indicators) of the families, by family."""
    hasil = defaultdict(list)
    for a in (
        ind.penduduk_pada(tanggal, [kelompok.desa_id])
        .filter(ind.q_lansia(tanggal), kel__in=sorted(set(keluarga_ids)))
        .order_by("tanggal_lahir", "pk")
    ):
        hasil[a.kel].append(a)
    return hasil


def _total_kemandirian(kelompok, keluarga_ids, tanggal) -> tuple[dict, dict, dict]:
    lansia = lansia_keluarga(kelompok, keluarga_ids, tanggal)
    tingkat = kemandirian_pada([a.pk for xs in lansia.values() for a in xs], tanggal)
    total = {t: 0 for t in TingkatKemandirian.values} | {"belum": 0}
    for xs in lansia.values():
        for a in xs:
            total[tingkat.get(a.pk, "belum")] += 1
    return lansia, tingkat, total


def _profil(kelompok: Kelompok) -> dict:
    j = kelompok.jenis
    integrasi = [str(lbl) for kode, lbl in tl.INTEGRASI.get(j, []) if kode in kelompok.integrasi]
    if kelompok.integrasi_lain:
        integrasi.append(kelompok.integrasi_lain)
    return {
        "pembina_nomor": kelompok.pembina_nomor,
        "pembina_nama": kelompok.pembina_nama,
        "pembina_jabatan": _label(KategoriPembina.choices, kelompok.pembina_jabatan),
        "sk_ada": _ya(kelompok.sk_ada),
        "sk_nomor": kelompok.sk_nomor,
        "sk_tanggal": kelompok.sk_tanggal,
        "sk_penerbit": _label(PenerbitSK.choices, kelompok.sk_penerbit),
        "sumber_dana": [
            str(lbl) for kode, lbl in SumberDana.choices if kode in kelompok.sumber_dana
        ],
        "integrasi": integrasi,
        "proyek_prioritas": _ya(kelompok.proyek_prioritas) if j in tl.PROYEK_PRIORITAS else None,
        "materi": [(str(lbl), kode in kelompok.materi) for kode, lbl in tl.MATERI.get(j, [])],
    }


URUTAN_JABATAN = {v: i for i, v in enumerate(JabatanPengurus.values)}


def isi_k0(kelompok: Kelompok, tahun: int, *, samar: bool = True) -> dict:
    """The K/0 of a year: identity, profile, officers and members on its reference date."""
    cek_periode_k0(kelompok, tahun)
    tanggal = tanggal_k0(kelompok, tahun)
    pengurus = sorted(
        _pengurus_qs(kelompok, tanggal).select_related("anggota__keluarga"),
        key=lambda p: (URUTAN_JABATAN.get(p.peran, 9), p.urutan, p.pk),
    )
    baris_pengurus = [
        {
            "no": i,
            "jabatan": _label(JabatanPengurus.choices, p.peran),
            "nama": p.nama,
            "nik": _nomor(p.nik, samar),
            "kode_keluarga": _nomor(p.anggota.keluarga.no_kk if p.anggota_id else "", samar),
            "peserta_kb": _ya(p.peserta_kb),
            "terlatih": _ya(p.terlatih),
        }
        for i, p in enumerate(pengurus, start=1)
    ]
    anggota = list(
        Keanggotaan.objects.filter(q_terbuka_pada(tanggal), kelompok=kelompok).select_related(
            "keluarga", "anggota__keluarga"
        )
    )
    rows = baris_anggota(anggota, samar=samar)
    total = None
    if kelompok.jenis == JenisKelompok.BKL:
        lansia, tingkat, total = _total_kemandirian(
            kelompok, [r["keluarga_id"] for r in rows if r["keluarga_id"]], tanggal
        )
        label = dict(TingkatKemandirian.choices)
        for r in rows:
            xs = lansia.get(r["keluarga_id"], [])
            r["lansia"] = ", ".join(a.nama for a in xs) or "–"
            r["kemandirian"] = (
                ", ".join(str(label.get(tingkat.get(a.pk), _("belum dinilai"))) for a in xs) or "–"
            )
    return {
        "formulir": "k0",
        "tata_letak": tl.tata_letak(kelompok.jenis, "k0"),
        "kelompok": kelompok,
        "tahun": tahun,
        "tanggal": tanggal,
        "kepala": kepala(kelompok),
        "profil": _profil(kelompok),
        "pengurus": baris_pengurus,
        "anggota": rows,
        "kemandirian": total,
        "ttd": tanda_tangan(kelompok, tanggal),
    }


def isi_ri(kelompok: Kelompok, tahun: int, bulan: int, *, samar: bool = True) -> dict:
    """The R/I of a month: one block per meeting with its attending members, and the month's
    BKL totals or UPPKA finance."""
    cek_periode_ri(kelompok, tahun, bulan)
    awal, akhir = awal_bulan(tahun, bulan), ind.akhir_bulan(tahun, bulan)
    pertemuan = list(
        kelompok.pertemuan_set.filter(tanggal__gte=awal, tanggal__lte=akhir)
        .select_related("topik")
        .prefetch_related("kehadiran_set__keanggotaan__keluarga")
        .prefetch_related("kehadiran_set__keanggotaan__anggota__keluarga")
        .order_by("tanggal", "pk")
    )
    blok = []
    for p in pertemuan:
        hadir = baris_anggota([h.keanggotaan for h in p.kehadiran_set.all()], samar=samar)
        penyaji = _label(KategoriPembina.choices, p.kategori_narasumber)
        if p.narasumber:
            penyaji = f"{penyaji} ({p.narasumber})" if penyaji else p.narasumber
        blok.append(
            {
                "tanggal": p.tanggal,
                "penyaji": penyaji or "–",
                "topik": p.judul,
                "kelompok_umur": p.get_kelompok_umur_display() or "–",
                "diskusi": _ya(p.diskusi),
                "jumlah_hadir": len(hadir),
                "hadir": hadir,
            }
        )
    reg = RegisterKelompok.objects.filter(kelompok=kelompok, formulir="ri", periode=awal).first()
    hasil = {
        "formulir": "ri",
        "tata_letak": tl.tata_letak(kelompok.jenis, "ri"),
        "kolom_pertemuan": tl.kolom_pertemuan(kelompok.jenis),
        "kelompok": kelompok,
        "tahun": tahun,
        "bulan": bulan,
        "awal": awal,
        "akhir": akhir,
        "kepala": {**kepala(kelompok), "bulan": awal, "lembar": "1"},
        "pertemuan": blok,
        "tanpa_pertemuan": bool(reg and reg.tanpa_pertemuan),
        "alasan": reg.alasan if reg else "",
        "jumlah_hadir": sum(b["jumlah_hadir"] for b in blok),
        "kemandirian": None,
        "keuangan": None,
        "ttd": tanda_tangan(kelompok, akhir),
    }
    if kelompok.jenis == JenisKelompok.BKL:
        keluarga = Keanggotaan.objects.filter(q_terbuka_pada(akhir), kelompok=kelompok).values_list(
            "keluarga_id", flat=True
        )
        hasil["kemandirian"] = _total_kemandirian(kelompok, [k for k in keluarga if k], akhir)[2]
    if kelompok.uppka:
        hasil["keuangan"] = KeuanganUppka.objects.filter(kelompok=kelompok, bulan=awal).first()
    return hasil


# --- Kartu Kembang Anak ------------------------------------------------------------------------


RUNTUN_RUJUK = 3  # months running "perlu rujuk" that refer a child (module docstring)


def _runtun_rujuk(kelompok_qs, tahun: int, bulan: int, dilihat: int) -> dict[int, tuple]:
    """{child id: (pk of the child's last card, run length)} for the children to refer on the
    month, from the cards of the last `dilihat` + 1 months (a run longer than the window is
    counted up to its start)."""
    akhir = awal_bulan(tahun, bulan)
    dari = ind.tambah_bulan(akhir, -dilihat)
    # The window's cards as plain tuples (a desa holds thousands; the report reads this every
    # month).
    kartu = (
        KartuKembangAnak.objects.filter(
            kelompok__in=kelompok_qs.filter(jenis=JenisKelompok.BKB),
            bulan__gte=dari,
            bulan__lte=akhir,
        )
        .order_by("anggota_id", "-bulan")
        .values_list("anggota_id", "bulan", "terisi", "hasil", "pk")
    )
    per_anak = defaultdict(list)
    for k in kartu:
        per_anak[k[0]].append(k)
    batas = ind.tambah_bulan(akhir, -1)
    runtun = {}
    for anak, xs in per_anak.items():
        terakhir = xs[0]
        if terakhir[1] < batas:
            continue
        run, harap = 0, terakhir[1]
        for _anak, bln, terisi, hasil_kartu, _pk in xs:
            if bln != harap or not terisi or hasil_kartu != "perlu_rujuk":
                break
            run += 1
            harap = ind.tambah_bulan(harap, -1)
        if run >= RUNTUN_RUJUK:
            runtun[anak] = (terakhir[4], run)
    return runtun


def anak_dirujuk_ids(kelompok_qs, tahun: int, bulan: int) -> set[int]:
    """The ids of `anak_dirujuk`'s children, in one query: a run of three needs only the cards
    of the month and the three before it (the last card is of the month or the month before),
    and no card or child as objects (the family-assistance report block reads this)."""
    return set(_runtun_rujuk(kelompok_qs, tahun, bulan, RUNTUN_RUJUK))


def anak_dirujuk(kelompok_qs, tahun: int, bulan: int) -> list[dict]:
    """Children of these BKB groups to refer on the month (module docstring): rows with the child,
    the group, the run's length and its last month; ordered by group and name. The window's
    cards as tuples, then the few listed children's last cards as objects, in one query."""
    runtun = dict(_runtun_rujuk(kelompok_qs, tahun, bulan, BULAN_DILIHAT + 1).values())
    hasil = [
        {
            "anak": k.anggota,
            "kelompok": k.kelompok,
            "bulan_berturut": runtun[k.pk],
            "bulan_terakhir": k.bulan,
        }
        for k in KartuKembangAnak.objects.filter(pk__in=sorted(runtun)).select_related(
            "anggota__keluarga", "kelompok"
        )
    ]
    hasil.sort(key=lambda r: (str(r["kelompok"]), r["anak"].nama.lower(), r["anak"].pk))
    return hasil


def anak_bkb(kelompok: Kelompok, tahun: int, bulan: int) -> list[Anggota]:
    """Children under 67 months on the month's first day in the group's member families that
    month (the rows of the KKA form)."""
    awal, akhir = awal_bulan(tahun, bulan), ind.akhir_bulan(tahun, bulan)
    keluarga = Keanggotaan.objects.filter(
        Q(selesai__isnull=True) | Q(selesai__gt=awal),
        kelompok=kelompok,
        mulai__lte=akhir,
        keluarga__isnull=False,
    ).values("keluarga_id")
    batas = ind.tambah_bulan(awal, -67)
    return list(
        Anggota.objects.filter(
            keluarga_id__in=keluarga,
            status_hidup=kode_keluarga.StatusHidup.HIDUP,
            tanggal_lahir__gt=batas,
            tanggal_lahir__lte=akhir,
        ).order_by("nama", "pk")
    )
