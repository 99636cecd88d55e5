"""Month close (tutup bulan), reopen, and the report of a month (snapshot when closed)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from keluarga import cap as cap_data
from keluarga import gabung, kode
from keluarga import indicators as ind
from keluarga.models import Anggota, CapData, Desa, Peristiwa
from laporan import laporan as lap
from laporan import peta
from laporan.daftar import beku_daftar
from laporan.models import AngkaBulan, PeriodeBulan, RapatBulanan, RiwayatPeriode
from laporan.wilayah import Wilayah, wilayah_dibekukan, wilayah_kampung_kb

JP = kode.JenisPeristiwa


def _awal_bulan(tahun: int, bulan: int) -> dt.date:
    return dt.date(tahun, bulan, 1)


def periksa_bulan(desa: Desa, tahun: int, bulan: int) -> None:
    """Refuse months before the desa's first month of data, and months not yet begun."""
    awal = _awal_bulan(tahun, bulan)
    if desa.bulan_awal_data is None:
        raise lap.LaporanDitolak(_("%(desa)s belum punya data.") % {"desa": desa.nama})
    if awal < desa.bulan_awal_data.replace(day=1):
        raise lap.LaporanDitolak(
            _("Laporan %(desa)s baru tersedia mulai %(awal)s (bulan awal data).")
            % {"desa": desa.nama, "awal": desa.bulan_awal_data.strftime("%m-%Y")}
        )
    if awal > timezone.localdate().replace(day=1):
        raise lap.LaporanDitolak(_("Bulan %(b)s belum dimulai.") % {"b": awal.strftime("%m-%Y")})


def _periode(desa: Desa, tahun: int, bulan: int) -> PeriodeBulan | None:
    return PeriodeBulan.objects.filter(desa=desa, bulan=_awal_bulan(tahun, bulan)).first()


def _bulan_lalu(tahun: int, bulan: int) -> tuple[int, int]:
    d = _awal_bulan(tahun, bulan) - dt.timedelta(days=1)
    return d.year, d.month


def _lsp(rows) -> dict:
    d = {"L": 0, "P": 0}
    for r in rows:
        d[r["jk"]] += r["n"]
    d["total"] = d["L"] + d["P"]
    return d


def koreksi_bulan_lalu(desa: Desa, tahun: int, bulan: int, awal_live: dict) -> dict | None:
    """awal (from today's data) − the closed previous month's frozen akhir, split by cause:
    records created after that close and dated on or before its end (DOMAIN.md §5), and
    merges of two records of one person made after it (`penggabungan`). Causes are
    signed contributions: late births, arrivals and people entered without an event add; late
    deaths and moves out subtract."""
    ty, tb = _bulan_lalu(tahun, bulan)
    lalu = _periode(desa, ty, tb)
    if lalu is None or lalu.status != PeriodeBulan.Status.DITUTUP:
        return None
    akhir_lalu = ind.akhir_bulan(ty, tb)
    beku = lalu.snapshot["mutasi"]["akhir"]
    total = {k: awal_live[k] - beku[k] for k in ("L", "P", "total")}
    sebab_jenis = {
        JP.LAHIR: ("lahir", 1),
        JP.DATANG: ("datang", 1),
        JP.MENINGGAL: ("meninggal", -1),
        JP.PINDAH_KELUAR: ("pindah", -1),
    }
    telat = (
        Peristiwa.objects.filter(
            anggota__desa=desa,
            tanggal__lte=akhir_lalu,
            dibuat__gt=lalu.ditutup_pada,
            jenis__in=list(sebab_jenis),
        )
        .values("jenis", jk=F("anggota__jenis_kelamin"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_jenis = {j: [] for j in sebab_jenis}
    for r in telat:  # one query for the four causes
        per_jenis[r["jenis"]].append(r)
    per_sebab = {}
    for jenis, (sebab, tanda) in sebab_jenis.items():
        per_sebab[sebab] = {k: tanda * v for k, v in _lsp(per_jenis[jenis]).items()}
    tanpa = (
        Anggota.objects.filter(
            desa=desa, dibuat__gt=lalu.ditutup_pada, tanggal_lahir__lte=akhir_lalu
        )
        .exclude(peristiwa_set__jenis__in=[JP.LAHIR, JP.DATANG])
        .filter(pk__in=ind.penduduk_pada(akhir_lalu, [desa.pk]).values("pk"))
        .values(jk=F("jenis_kelamin"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_sebab["tanpa_peristiwa"] = _lsp(tanpa)
    # Two records of one person merged after the close (keluarga.gabung).
    per_sebab["penggabungan"] = gabung.koreksi_penggabungan(desa.pk, akhir_lalu, lalu.ditutup_pada)
    return {**total, "per_sebab": per_sebab}


def laporan_hidup(
    desa: Desa,
    tahun: int,
    bulan: int,
    *,
    status: str = "terbuka",
    dengan_lalu: bool = True,
    wilayah: Wilayah | None = None,
) -> dict:
    """The month computed from today's data (with last month for the comparison). With
    `wilayah`, for that area of the desa; the correction of last month (DOMAIN.md §5) is then
    left at zero: it is reported for the whole desa."""
    with ind.satu_bacaan():  # every table reads the month's dated moves once
        return _laporan_hidup(desa, tahun, bulan, status, dengan_lalu, wilayah)


def _laporan_hidup(desa, tahun, bulan, status, dengan_lalu, wilayah) -> dict:
    lalu = None
    if dengan_lalu:
        ty, tb = _bulan_lalu(tahun, bulan)
        try:
            periksa_bulan(desa, ty, tb)
        except lap.LaporanDitolak:
            lalu = None
        else:
            lalu = laporan_bulan(desa, ty, tb, dengan_lalu=False, wilayah=wilayah)
    laporan = lap.susun(
        [desa],
        tahun,
        bulan,
        status=status,
        laporan_lalu=lalu,
        wilayah=wilayah,
        kampung_kb=wilayah_kampung_kb(desa),
    )
    if wilayah is None:
        koreksi = koreksi_bulan_lalu(desa, tahun, bulan, laporan["mutasi"]["awal"])
        if koreksi is not None:
            laporan["mutasi"]["koreksi_bulan_lalu"] = koreksi
    return laporan


def laporan_bulan(
    desa: Desa,
    tahun: int,
    bulan: int,
    *,
    dengan_lalu: bool = True,
    wilayah: Wilayah | None = None,
) -> dict:
    """A closed month from its snapshot (identical whatever changed since); an open one live.

    An area of a closed month comes from the snapshot frozen with it; an area nobody had at the
    close (a kader given new regions later) is computed from today's data and says so
    (`wilayah.dari_data_terkini`)."""
    periksa_bulan(desa, tahun, bulan)
    periode = _periode(desa, tahun, bulan)
    if periode is not None and periode.status == PeriodeBulan.Status.DITUTUP:
        beku = periode.snapshot_untuk(wilayah)
        if beku is not None:
            return beku
        laporan = laporan_hidup(
            desa, tahun, bulan, status=periode.status, dengan_lalu=dengan_lalu, wilayah=wilayah
        )
        laporan["wilayah"]["dari_data_terkini"] = True
        if periode.snapshot and "portal_kkbpk" in periode.snapshot:
            # The portal form is the desa's, frozen with the month: the same in every report.
            laporan["portal_kkbpk"] = periode.snapshot["portal_kkbpk"]
        return laporan
    return laporan_tersimpan(desa, tahun, bulan, dengan_lalu=dengan_lalu, wilayah=wilayah)


# --- remembered month figures (issue 15) ---------------------------------------------------


_TANPA_SIMPANAN = contextvars.ContextVar("tanpa_simpanan", default=False)


@contextlib.contextmanager
def tanpa_simpanan():
    """Inside, every open month is computed from the data, the store neither read nor written
    (periksa_angka and the tests compare with this)."""
    token = _TANPA_SIMPANAN.set(True)
    try:
        yield
    finally:
        _TANPA_SIMPANAN.reset(token)


def identitas_terbuka(desa: Desa, tahun: int, bulan: int, wilayah: Wilayah | None = None):
    """Which stored figures an open month shows now — the current `AngkaBulan` row (its stamp
    and when it was computed; a rolled-back or restored database never gives an old pair
    again) — computing and storing them first when stale. None when the store is bypassed."""
    if _TANPA_SIMPANAN.get():
        return None

    def baca():
        return (
            AngkaBulan.objects.filter(
                desa_id=desa.pk,
                bulan=_awal_bulan(tahun, bulan),
                kunci=wilayah.kunci if wilayah else "",
                lengkap=False,  # the row every view and sum writes or reads (and never rewrites)
                versi=cap_data.versi_definisi(),
                cap=_cap_sekarang(desa.pk),
            )
            .values_list("cap", "dihitung_pada")  # one row (angka_bulan_unik)
            .first()
        )

    baris = baca()
    if baris is None:
        laporan_tersimpan(desa, tahun, bulan, dengan_lalu=False, wilayah=wilayah)
        baris = baca()
    return None if baris is None else f"terbuka:{baris[0]}:{baris[1].isoformat()}"


def _cap_sekarang(desa_id):
    return Subquery(CapData.objects.filter(desa_id=desa_id).values("nomor")[:1])


def _baca_tersimpan(desa_id: int, awal: dt.date, kunci: str, lengkap: bool, versi: str):
    """The stored report if it is current (one query), else None."""
    return (
        AngkaBulan.objects.filter(
            desa_id=desa_id,
            bulan=awal,
            kunci=kunci,
            lengkap=lengkap,
            versi=versi,
            cap=_cap_sekarang(desa_id),
        )
        .values_list("laporan", flat=True)
        .first()
    )


def _simpan(desa_id: int, awal: dt.date, kunci: str, lengkap: bool, laporan, cap, versi) -> None:
    if cap is None:  # no stamp row yet: nothing to compare with later, so nothing stored
        return
    AngkaBulan.objects.update_or_create(
        desa_id=desa_id,
        bulan=awal,
        kunci=kunci,
        lengkap=lengkap,
        defaults={"laporan": laporan, "cap": cap, "versi": versi},
    )


def _kunci_hitung(desa_id: int, awal: dt.date, kunci: str, lengkap: bool) -> None:
    """One computation at a time per desa, month and area: a second viewer waits here for the
    first (PostgreSQL: a transaction-scoped advisory lock; SQLite serialises writers anyway)."""
    if connection.vendor != "postgresql":
        return
    h = hashlib.sha256(f"angka:{desa_id}:{awal}:{kunci}:{int(lengkap)}".encode()).digest()
    with connection.cursor() as c:
        c.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(h[:8], "big", signed=True)])


def _json(laporan: dict) -> dict:
    """The report as the store gives it back (lists for tuples, string keys), so the first view
    and the next ones are the same."""
    return json.loads(json.dumps(laporan))


def _cocok(tersimpan: dict | None, wilayah: Wilayah | None) -> bool:
    """A stored report that serves this request: present, and for an area made of its RTs."""
    return tersimpan is not None and (
        wilayah is None or tersimpan["wilayah"]["rt"] == list(wilayah.rt_ids)
    )


def laporan_tersimpan(
    desa: Desa,
    tahun: int,
    bulan: int,
    *,
    dengan_lalu: bool = True,
    wilayah: Wilayah | None = None,
) -> dict:
    """An open month's report: the stored figures when current, else `laporan_hidup` (unchanged)
    computed once and stored. With `dengan_lalu`, the row without the comparison (what a
    kecamatan sum reads) is stored beside it."""
    if _TANPA_SIMPANAN.get():
        return _json(laporan_hidup(desa, tahun, bulan, dengan_lalu=dengan_lalu, wilayah=wilayah))
    awal = _awal_bulan(tahun, bulan)
    kunci = wilayah.kunci if wilayah else ""
    versi = cap_data.versi_definisi()
    hasil = _baca_tersimpan(desa.pk, awal, kunci, dengan_lalu, versi)
    if _cocok(hasil, wilayah):
        return hasil
    with transaction.atomic():
        _kunci_hitung(desa.pk, awal, kunci, dengan_lalu)
        hasil = _baca_tersimpan(desa.pk, awal, kunci, dengan_lalu, versi)  # computed meanwhile?
        if _cocok(hasil, wilayah):
            return hasil
        cap = cap_data.cap_desa(desa.pk)  # read before computing: a write meanwhile makes it stale
        laporan = _json(laporan_hidup(desa, tahun, bulan, dengan_lalu=dengan_lalu, wilayah=wilayah))
        _simpan(desa.pk, awal, kunci, dengan_lalu, laporan, cap, versi)
        if dengan_lalu and not _cocok(_baca_tersimpan(desa.pk, awal, kunci, False, versi), wilayah):
            # Without last month the report differs only in its comparison (susun computes it
            # last from the report itself). A current one is kept: charts name it as what they
            # were drawn from (identitas_terbuka).
            ringkas = {**laporan, "perbandingan": _json(lap.perbandingan(laporan, None))}
            _simpan(desa.pk, awal, kunci, False, ringkas, cap, versi)
    return laporan


def ringkasan_desa(desa_list: list[Desa], tahun: int, bulan: int) -> list[dict]:
    """Each desa's report of the month without the comparison — what `laporan.gabung` sums —
    read from the stored rows in one query; stale or missing ones are computed (closed months
    from their snapshot) and stored. Desa without data that month are left out. The one sum of a
    kecamatan and a kabupaten."""
    awal = _awal_bulan(tahun, bulan)
    versi = cap_data.versi_definisi()
    boleh = []
    for desa in desa_list:
        try:
            periksa_bulan(desa, tahun, bulan)
        except lap.LaporanDitolak:
            continue
        boleh.append(desa)
    tersimpan = (
        {}
        if _TANPA_SIMPANAN.get()
        else dict(
            AngkaBulan.objects.filter(
                desa__in=boleh,
                bulan=awal,
                kunci="",
                lengkap=False,
                versi=versi,
                cap=Subquery(
                    CapData.objects.filter(desa_id=OuterRef("desa_id")).values("nomor")[:1]
                ),
            ).values_list("desa_id", "laporan")
        )
    )
    hasil = []
    for desa in boleh:
        r = tersimpan.get(desa.pk)
        if r is None:
            periode = _periode(desa, tahun, bulan)
            if periode is not None and periode.status == PeriodeBulan.Status.DITUTUP:
                if _TANPA_SIMPANAN.get():
                    hasil.append(periode.snapshot)
                    continue
                with transaction.atomic():
                    cap = cap_data.cap_desa(desa.pk)
                    r = periode.snapshot
                    _simpan(desa.pk, awal, "", False, r, cap, versi)
            else:
                r = laporan_tersimpan(desa, tahun, bulan, dengan_lalu=False)
        hasil.append(r)
    return hasil


@transaction.atomic
def tutup_bulan(*, desa: Desa, tahun: int, bulan: int, oleh, rapat: dict) -> PeriodeBulan:
    """Close a month after the meeting: freeze every table, record the meeting and who closed."""
    periksa_bulan(desa, tahun, bulan)
    awal = _awal_bulan(tahun, bulan)
    periode, _c = PeriodeBulan.objects.get_or_create(desa=desa, bulan=awal)
    # Lock the row: of two admins closing at once, the second waits, then sees it closed.
    periode = PeriodeBulan.objects.select_for_update().get(pk=periode.pk)
    if periode.status == PeriodeBulan.Status.DITUTUP:
        raise ValidationError(_("Bulan %(b)s sudah ditutup.") % {"b": awal.strftime("%m-%Y")})
    ty, tb = _bulan_lalu(tahun, bulan)
    if awal > desa.bulan_awal_data.replace(day=1):
        lalu = _periode(desa, ty, tb)
        if lalu is None or lalu.status != PeriodeBulan.Status.DITUTUP:
            raise ValidationError(
                _("Tutup dulu bulan %(b)s: bulan ditutup berurutan.") % {"b": f"{tb:02d}-{ty}"}
            )
    snapshot = laporan_hidup(desa, tahun, bulan, status=PeriodeBulan.Status.DITUTUP)
    periode.snapshot = snapshot
    periode.snapshot_daftar = beku_daftar(desa, ind.akhir_bulan(tahun, bulan))
    periode.snapshot_wilayah = {
        w.kunci: laporan_hidup(desa, tahun, bulan, status=PeriodeBulan.Status.DITUTUP, wilayah=w)
        for w in wilayah_dibekukan(desa)
    }
    periode.status = PeriodeBulan.Status.DITUTUP
    periode.ditutup_oleh = oleh
    periode.ditutup_pada = timezone.now()
    periode.save()
    peta.bekukan(desa, tahun, bulan)  # the family map is frozen with the figures
    r = RapatBulanan(periode=periode, **rapat)
    r.full_clean(exclude=["periode"])
    RapatBulanan.objects.update_or_create(periode=periode, defaults=rapat)
    RiwayatPeriode.objects.create(periode=periode, aksi=RiwayatPeriode.Aksi.TUTUP, oleh=oleh)
    # The stamp moves (the months after this one compare with it), then the small summary row
    # upper levels sum is written at the new stamp.
    cap_data.tandai_berubah([desa.pk])
    _simpan(
        desa.pk,
        awal,
        "",
        False,
        snapshot,
        cap_data.cap_desa(desa.pk),
        cap_data.versi_definisi(),
    )
    return periode


@transaction.atomic
def buka_kembali(*, desa: Desa, tahun: int, bulan: int, oleh, alasan: str) -> PeriodeBulan:
    """Reopen a closed month: needs a reason, and only while the months after it are open."""
    if not (alasan or "").strip():
        raise ValidationError({"alasan": _("Tuliskan alasan membuka kembali bulan ini.")})
    periode = (
        PeriodeBulan.objects.select_for_update()
        .filter(desa=desa, bulan=_awal_bulan(tahun, bulan))
        .first()
    )
    if periode is None or periode.status != PeriodeBulan.Status.DITUTUP:
        raise ValidationError(_("Bulan ini belum ditutup."))
    if PeriodeBulan.objects.filter(
        desa=desa, bulan__gt=periode.bulan, status=PeriodeBulan.Status.DITUTUP
    ).exists():
        raise ValidationError(
            _("Buka dulu bulan-bulan sesudahnya: hanya bulan terakhir yang ditutup bisa dibuka.")
        )
    periode.status = PeriodeBulan.Status.TERBUKA
    periode.snapshot = None
    periode.snapshot_daftar = None
    periode.save()
    RiwayatPeriode.objects.create(
        periode=periode, aksi=RiwayatPeriode.Aksi.BUKA, oleh=oleh, alasan=alasan.strip()
    )
    cap_data.tandai_berubah([desa.pk])
    return periode


def desa_kecamatan(kode_kecamatan: str) -> list[Desa]:
    desa = list(Desa.objects.filter(kode__startswith=kode_kecamatan).order_by("kode"))
    if len(kode_kecamatan) != 6 or not kode_kecamatan.isdigit() or not desa:
        raise lap.LaporanDitolak(
            _("Tidak ada desa dengan kode kecamatan %(k)s.") % {"k": kode_kecamatan}
        )
    return desa


def laporan_kecamatan(
    kode_kecamatan: str, tahun: int, bulan: int, *, dengan_lalu: bool = True
) -> dict:
    """A kecamatan's month: the sum of its villages' reports (closed ones from their snapshots),
    percentages recomputed from the sums. Villages without data that month are left out."""
    semua = desa_kecamatan(kode_kecamatan)
    laporan_desa = ringkasan_desa(semua, tahun, bulan)
    if not laporan_desa:
        raise lap.LaporanDitolak(_("Belum ada data desa di kecamatan ini untuk bulan tersebut."))
    lalu = None
    if dengan_lalu:
        ty, tb = _bulan_lalu(tahun, bulan)
        try:
            lalu = laporan_kecamatan(kode_kecamatan, ty, tb, dengan_lalu=False)
        except lap.LaporanDitolak:
            lalu = None
    nama = semua[0].kecamatan_nama or kode_kecamatan
    return lap.gabung(
        laporan_desa, kecamatan={"kode": kode_kecamatan, "nama": nama}, laporan_lalu=lalu
    )


def laporan_ringkas(
    desa: Desa,
    tahun: int,
    bulan: int,
    *,
    wilayah: Wilayah | None = None,
    blok: tuple[str, ...] = ("kb", "posyandu"),
) -> dict:
    """Just the blocks a chart needs (`blok` of penduduk, kb, poktan, posyandu; a trend needs kb
    and posyandu) for a month: its snapshot when closed, else computed live — the same functions
    as ``laporan.susun``, in a few queries instead of the whole report."""
    periksa_bulan(desa, tahun, bulan)
    periode = _periode(desa, tahun, bulan)
    if periode is not None and periode.status == PeriodeBulan.Status.DITUTUP:
        beku = periode.snapshot_untuk(wilayah)
        if beku is not None:
            return beku
    elif not _TANPA_SIMPANAN.get():
        versi = cap_data.versi_definisi()
        kunci = wilayah.kunci if wilayah else ""
        for lengkap in (False, True):  # the stored report of the month, if current
            simpan = _baca_tersimpan(desa.pk, _awal_bulan(tahun, bulan), kunci, lengkap, versi)
            if _cocok(simpan, wilayah):
                return simpan
    from poktan import indicators as pi

    akhir = ind.akhir_bulan(tahun, bulan)
    ids = [desa.pk]
    rt_ids = list(wilayah.rt_ids) if wilayah else None
    hasil = {
        "desa": {"kode": desa.kode, "nama": desa.nama},
        "bulan": f"{tahun:04d}-{bulan:02d}",
        "status": periode.status if periode else PeriodeBulan.Status.TERBUKA,
    }
    if "penduduk" in blok:
        pen = lap._di_wilayah(ind.hitung_penduduk(akhir, ids), rt_ids)
        hasil["penduduk"] = lap.blok_penduduk(ind.jumlahkan(pen.values()))
    if "kb" in blok:
        hasil["kb"] = lap.blok_kb(
            ind.jumlahkan(lap._di_wilayah(ind.hitung_kb(akhir, ids), rt_ids).values()),
            ind.jumlahkan(
                lap._di_wilayah(ind.hitung_pb(akhir.replace(day=1), akhir, ids), rt_ids).values()
            ),
        )
    if "poktan" in blok:
        hasil["poktan"] = pi.blok_poktan(tahun, bulan, ids, rt_ids)
    if "posyandu" in blok:
        hasil["posyandu"] = pi.blok_posyandu(tahun, bulan, ids, rt_ids)
    return hasil


def periksa_tersimpan(desa_list=None, bulan: dt.date | None = None, *, perbaiki: bool = False):
    """Compare every current stored month figure with a fresh computation (the store bypassed);
    yield (row, differing top-level keys) for those that differ, rebuilding them if `perbaiki`."""
    versi = cap_data.versi_definisi()
    qs = (
        AngkaBulan.objects.filter(
            versi=versi,
            cap=Subquery(CapData.objects.filter(desa_id=OuterRef("desa_id")).values("nomor")[:1]),
        )
        .select_related("desa")
        .order_by("desa__kode", "bulan", "kunci", "lengkap")
    )
    if desa_list is not None:
        qs = qs.filter(desa__in=desa_list)
    if bulan is not None:
        qs = qs.filter(bulan=bulan)
    for row in qs.iterator():
        desa, t, b = row.desa, row.bulan.year, row.bulan.month
        periode = _periode(desa, t, b)
        with tanpa_simpanan():
            if periode is not None and periode.status == PeriodeBulan.Status.DITUTUP:
                segar = periode.snapshot if (row.kunci == "" and not row.lengkap) else None
                if segar is None:  # never served: a closed month reads its snapshot
                    continue
            else:
                wilayah = Wilayah.dari_laporan(row.laporan) if row.kunci else None
                segar = laporan_hidup(desa, t, b, dengan_lalu=row.lengkap, wilayah=wilayah)
                if not row.lengkap:
                    segar["perbandingan"] = lap.perbandingan(segar, None)
        segar = _json(segar)
        if segar != row.laporan:
            beda = sorted(
                k for k in set(segar) | set(row.laporan) if segar.get(k) != row.laporan.get(k)
            )
            if perbaiki:
                AngkaBulan.objects.filter(pk=row.pk).update(laporan=segar)
            yield row, beda
