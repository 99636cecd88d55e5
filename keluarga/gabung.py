"""Merge two records of one person, and undo the merge within 30 days (issue 19, point 3).

`gabungkan` keeps `penyintas` (A), takes the operator's choice of value field by field from the
other record (B), moves every reference to B onto A — found through the model graph
(`_meta`), so this lower app needs no upward import — marks B *digabung* (kept, linked to A, out
of every count: `Anggota.objects` leaves it out), and writes a `Penggabungan` with both rows as
they were and every reference moved. One transaction; both people and both families are locked
and the families' `versi` must still be the one the page showed.

Collisions are never resolved silently: overlapping KB statuses and two open pregnancies are
the operator's choice (the losing side's rows stay on the merged-away record, out of every
count); anything else a moved row would break (two open posyandu memberships, one group twice,
a second head of a family, a NIK in use, a check of the row's own `clean()`) refuses the merge
with a message naming the row and why.

`batalkan` puts every moved reference back, restores both rows exactly, and marks the record
undone; references added to the survivor after the merge stay with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from keluarga.models import Anggota, Kehamilan, Keluarga, PasanganGanda, Penggabungan, StatusKB

BATAS_HARI_BATAL = 30

# Fields the operator chooses between (A's value or B's). The rest stay A's.
FIELD_PILIHAN = [
    "nik",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "keluarga",
    "hubungan",
    "status_kawin",
    "usia_kawin_pertama",
    "akta_lahir",
    "ibu",
    "agama",
    "pekerjaan",
    "pendidikan",
    "jkn",
    "keberadaan",
    "jumlah_anak_hidup",
    "status_hidup",
]

PINDAH = "pindah"  # moved to the survivor
TETAP = "tetap"  # kept where it is (the merge's own links; no family merge)

# Every foreign key to a member, and what the merge does with it. A key missing here refuses
# the merge (and fails tests/test_gabung.py), so a new one cannot be skipped silently.
RELASI_ANGGOTA = {
    "keluarga.anggota.ibu": PINDAH,
    "keluarga.anggota.digabung_ke": TETAP,
    "keluarga.peristiwa.anggota": PINDAH,
    "keluarga.kehamilan.ibu": PINDAH,
    "keluarga.statuskb.anggota": PINDAH,
    "keluarga.penggabungan.penyintas": TETAP,
    "keluarga.penggabungan.digabung": TETAP,
    # Likely-duplicate pairs stay as found; the merge closes those of the merged-away person.
    "keluarga.pasanganganda.anggota_a": TETAP,
    "keluarga.pasanganganda.anggota_b": TETAP,
    "poktan.pengurus.anggota": PINDAH,
    "poktan.keanggotaan.anggota": PINDAH,
    "poktan.penimbangan.anggota": PINDAH,
    "poktan.kartukembanganak.anggota": PINDAH,
    "poktan.kemandirianlansia.anggota": PINDAH,
    "pendampingan.catin.anggota": PINDAH,
    "pendampingan.kunjungan.anggota": PINDAH,
    "pendampingan.rujukan.anak": PINDAH,
    "laporan.daftartersimpanitem.anggota": PINDAH,
    "kampungkb.sasarankegiatan.anggota": PINDAH,
}
# Every foreign key to a family. A merge of people does not merge families: the survivor's
# family is a field the operator chooses; both families and their records stay.
RELASI_KELUARGA = {
    "keluarga.anggota.keluarga": TETAP,
    "keluarga.peristiwa.keluarga_asal": TETAP,
    "keluarga.peristiwa.keluarga_tujuan": TETAP,
    "keluarga.pindahrumah.keluarga": TETAP,
    "poktan.keanggotaan.keluarga": TETAP,
    "laporan.daftartersimpanitem.keluarga": TETAP,
    "kampungkb.sasarankegiatan.keluarga": TETAP,
}


class GagalGabung(ValidationError):
    """The merge or its undo is refused; nothing was written."""


def _kunci(rel) -> str:
    return f"{rel.related_model._meta.label_lower}.{rel.field.name}"


def relasi_ke(model: type[models.Model]) -> list:
    """Every foreign key pointing at `model` (hidden ones too), simple-history tables left out:
    they are the change history, kept as it was."""
    return [
        r
        for r in model._meta._get_fields(forward=False, reverse=True, include_hidden=True)
        if r.field.many_to_one and not issubclass(r.related_model, HistoricalChanges)
    ]


def _relasi_pindah() -> list:
    hasil = []
    for r in relasi_ke(Anggota):
        aturan = RELASI_ANGGOTA.get(_kunci(r))
        if aturan is None:
            raise GagalGabung(
                _("Penggabungan belum mengenal rujukan %(k)s ke data orang; hubungi pengelola.")
                % {"k": _kunci(r)}
            )
        if aturan == PINDAH:
            hasil.append(r)
    return hasil


def _asli(obj: models.Model) -> dict:
    """Every column of the row as JSON values, exactly (Django's JSON serialiser would cut
    datetimes to milliseconds): field name → value; dates and times in ISO form."""
    hasil = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        nilai = f.value_from_object(obj)
        if isinstance(nilai, (dt.date, dt.time)):
            nilai = nilai.isoformat()
        elif isinstance(nilai, (Decimal, UUID)):
            nilai = str(nilai)
        hasil[f.name] = nilai
    return hasil


def _nilai_asli(model: type[models.Model], asli: dict) -> dict:
    """attname → value from `_asli`'s dict."""
    hasil = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name not in asli:
            continue
        nilai = asli[f.name]
        if nilai is not None and not isinstance(f, models.JSONField):
            nilai = (f.target_field if f.is_relation else f).to_python(nilai)
        hasil[f.attname] = nilai
    return hasil


def _tumpang(a_mulai, a_selesai, b_mulai, b_selesai) -> bool:
    """[mulai, selesai) intervals overlap (an open end runs on)."""
    return (a_selesai is None or b_mulai < a_selesai) and (b_selesai is None or a_mulai < b_selesai)


@dataclass
class Bentrok:
    """A collision the operator decides: whose rows of this kind stay with the survivor."""

    jenis: str  # "status_kb" | "kehamilan"
    judul: str
    baris_a: list = field(default_factory=list)
    baris_b: list = field(default_factory=list)


def cari_bentrok(a: Anggota, b: Anggota) -> list[Bentrok]:
    """Overlapping KB statuses; two open (or overlapping) pregnancies."""
    hasil = []
    kb_a, kb_b = list(StatusKB.objects.filter(anggota=a)), list(StatusKB.objects.filter(anggota=b))
    pa = [x for x in kb_a if any(_tumpang(x.mulai, x.selesai, y.mulai, y.selesai) for y in kb_b)]
    pb = [y for y in kb_b if any(_tumpang(x.mulai, x.selesai, y.mulai, y.selesai) for x in kb_a)]
    if pa:
        hasil.append(Bentrok("status_kb", _("Status KB yang tumpang tindih"), pa, pb))
    h_a, h_b = list(Kehamilan.objects.filter(ibu=a)), list(Kehamilan.objects.filter(ibu=b))
    pa = [x for x in h_a if any(_tumpang(x.mulai, x.selesai, y.mulai, y.selesai) for y in h_b)]
    pb = [y for y in h_b if any(_tumpang(x.mulai, x.selesai, y.mulai, y.selesai) for x in h_a)]
    if pa:
        hasil.append(
            Bentrok("kehamilan", _("Kehamilan yang bersamaan (dua kehamilan terbuka)"), pa, pb)
        )
    return hasil


def beda_field(a: Anggota, b: Anggota) -> list[str]:
    return [f for f in FIELD_PILIHAN if getattr(a, _attname(f)) != getattr(b, _attname(f))]


def _attname(nama: str) -> str:
    return Anggota._meta.get_field(nama).attname


def _pesan_baris(obj: models.Model, e: ValidationError) -> str:
    pesan = "; ".join(e.messages)
    return _("%(model)s “%(baris)s” tidak bisa dipindah: %(pesan)s") % {
        "model": obj._meta.verbose_name,
        "baris": obj,
        "pesan": pesan,
    }


def _pindahkan(obj: models.Model, attname: str, ke: int, catatan: list) -> None:
    dari = getattr(obj, attname)
    setattr(obj, attname, ke)
    try:
        with transaction.atomic():
            obj.save(update_fields=[attname])
    except IntegrityError as e:
        # A database rule the move breaks: its own check names it when it can.
        try:
            obj.full_clean()
        except ValidationError as galat:
            raise GagalGabung(_pesan_baris(obj, galat)) from e
        raise GagalGabung(
            _pesan_baris(obj, ValidationError(_("bentrok dengan data yang sudah ada")))
        ) from e
    catatan.append(
        {"model": obj._meta.label_lower, "pk": obj.pk, "field": attname, "dari": dari, "ke": ke}
    )


def _tanpa_rujukan(obj: models.Model) -> None:
    """A row left on the merged-away record must not be what other records point at (a visit
    to that pregnancy would then belong to the survivor and the pregnancy to the other)."""
    for rel in relasi_ke(type(obj)):
        n = rel.related_model._base_manager.filter(**{rel.field.attname: obj.pk}).count()
        if n:
            raise GagalGabung(
                _(
                    "%(model)s “%(baris)s” yang tidak dipilih masih dirujuk %(n)s %(rujuk)s. "
                    "Pilih data yang lain untuk bagian ini."
                )
                % {
                    "model": obj._meta.verbose_name,
                    "baris": obj,
                    "n": n,
                    "rujuk": rel.related_model._meta.verbose_name,
                }
            )


def _kunci_orang(pk_a: int, pk_b: int) -> tuple[Anggota, Anggota]:
    baris = {
        x.pk: x
        for x in Anggota.semua.select_for_update().filter(pk__in=[pk_a, pk_b]).order_by("pk")
    }
    if pk_a not in baris or pk_b not in baris:
        raise GagalGabung(_("Salah satu data orang ini sudah tidak ada."))
    return baris[pk_a], baris[pk_b]


def _kunci_keluarga(*ids: int) -> dict[int, Keluarga]:
    return {
        k.pk: k for k in Keluarga.objects.select_for_update().filter(pk__in=set(ids)).order_by("pk")
    }


@transaction.atomic
def gabungkan(
    *,
    penyintas: Anggota,
    digabung: Anggota,
    pilihan: dict[str, str],
    versi: dict[int, int] | None,
    oleh=None,
    waktu: dt.datetime | None = None,
) -> Penggabungan:
    """Merge `digabung` (B) into `penyintas` (A). `pilihan`: field name or collision kind →
    "a"/"b" (missing = "a" for a field; a collision must be chosen). `versi`: family id → the
    family's `versi` the page showed, for both families."""
    if penyintas.pk == digabung.pk:
        raise GagalGabung(_("Tidak bisa menggabungkan seseorang dengan dirinya sendiri."))
    a, b = _kunci_orang(penyintas.pk, digabung.pk)
    kel = _kunci_keluarga(a.keluarga_id, b.keluarga_id)
    for x in (a, b):
        if x.digabung_ke_id is not None:
            raise GagalGabung(_("%(n)s sudah digabung ke data lain.") % {"n": x.nama})
    if a.desa_id != b.desa_id:
        raise GagalGabung(_("Hanya orang dari desa yang sama yang bisa digabung."))
    versi = versi or {}
    for k in kel.values():
        if versi.get(k.pk) != k.versi:
            raise GagalGabung(
                _(
                    "Data keluarga KK %(kk)s sudah diubah orang lain sejak halaman ini dibuka; "
                    "tidak ada yang digabung. Muat ulang halaman lalu ulangi."
                )
                % {"kk": k.no_kk}
            )
    bentrok = cari_bentrok(a, b)
    belum = [x.judul for x in bentrok if pilihan.get(x.jenis) not in ("a", "b")]
    if belum:
        raise GagalGabung(
            _("Pilih dulu data siapa yang dipakai untuk: %(b)s.") % {"b": ", ".join(belum)}
        )
    asli_a, asli_b = _asli(a), _asli(b)
    pindahan: list[dict] = []

    nilai_b = {f: getattr(b, _attname(f)) for f in FIELD_PILIHAN}
    # B is marked first, its NIK cleared (kept in the record): a NIK is held once. Its phone
    # id stays, so the phone sending that record again still finds it saved (luring.kirim).
    b.digabung_ke_id = a.pk
    b.nik = None
    b.save(update_fields=["digabung_ke", "nik", "diubah"])
    dipakai = {}
    for f in FIELD_PILIHAN:
        if pilihan.get(f) == "b":
            dipakai[f] = "b"
            setattr(a, _attname(f), nilai_b[f])
    try:
        a.full_clean()
        with transaction.atomic():
            a.save()
    except (ValidationError, IntegrityError) as e:
        pesan = "; ".join(e.messages) if isinstance(e, ValidationError) else str(e)
        raise GagalGabung(_("Data hasil gabungan tidak sah: %(p)s") % {"p": pesan}) from e

    # Collisions: the losing side's rows go to / stay on the merged-away record.
    tinggal: set[tuple[str, int]] = set()
    for x in bentrok:
        kalah_a = x.baris_a if pilihan[x.jenis] == "b" else []
        kalah_b = x.baris_b if pilihan[x.jenis] == "a" else []
        for obj in kalah_a + kalah_b:
            _tanpa_rujukan(obj)
        for obj in kalah_a:
            attname = "ibu_id" if isinstance(obj, Kehamilan) else "anggota_id"
            _pindahkan(obj, attname, b.pk, pindahan)
            tinggal.add((obj._meta.label_lower, obj.pk))
        for obj in kalah_b:
            tinggal.add((obj._meta.label_lower, obj.pk))

    dipindah = []
    for rel in _relasi_pindah():
        model, attname = rel.related_model, rel.field.attname
        for obj in model._base_manager.filter(**{attname: b.pk}).order_by("pk"):
            if (model._meta.label_lower, obj.pk) in tinggal:
                continue
            if model is Anggota and obj.pk == a.pk:
                continue  # B's mother link on A itself: A keeps its chosen mother
            _pindahkan(obj, attname, a.pk, pindahan)
            dipindah.append(obj)
    for obj in dipindah:
        obj.refresh_from_db()
        try:
            obj.full_clean()
        except ValidationError as e:
            raise GagalGabung(_pesan_baris(obj, e)) from e
    _tutup_pasangan(b.pk, pindahan)
    Keluarga.objects.filter(pk__in=list(kel)).update(versi=F("versi") + 1)
    catatan = Penggabungan(
        desa_id=a.desa_id,
        penyintas=a,
        digabung=b,
        oleh=oleh,
        waktu=waktu or timezone.now(),
        asli_penyintas=asli_a,
        asli_digabung=asli_b,
        pindahan=pindahan,
        pilihan={**dipakai, **{x.jenis: pilihan[x.jenis] for x in bentrok}},
    )
    catatan.full_clean()
    catatan.save()
    return catatan


def _tutup_pasangan(pk_digabung: int, pindahan: list) -> None:
    """The merged-away person's open likely-duplicate pairs become *digabung* (out of
    `kandidat_ganda`), each written in `pindahan` so the undo reopens exactly those."""
    buka, tutup = PasanganGanda.Status.TERBUKA, PasanganGanda.Status.DIGABUNG
    pasangan = PasanganGanda.objects.filter(
        Q(anggota_a_id=pk_digabung) | Q(anggota_b_id=pk_digabung), status=buka
    )
    for pk in pasangan.order_by("pk").values_list("pk", flat=True):
        pindahan.append(
            {
                "model": "keluarga.pasanganganda",
                "pk": pk,
                "field": "status",
                "dari": buka,
                "ke": tutup,
            }
        )
    pasangan.update(status=tutup)


def bisa_dibatalkan(p: Penggabungan, sekarang: dt.datetime | None = None) -> str | None:
    """Why the merge cannot be undone now, or None."""
    sekarang = sekarang or timezone.now()
    if p.dibatalkan is not None:
        return _("Penggabungan ini sudah dibatalkan.")
    if sekarang - p.waktu > dt.timedelta(days=BATAS_HARI_BATAL):
        return _("Penggabungan hanya bisa dibatalkan dalam %(n)s hari.") % {"n": BATAS_HARI_BATAL}
    orang = [p.penyintas_id, p.digabung_id]
    lanjut = (
        Penggabungan.objects.filter(dibatalkan__isnull=True)
        .filter(Q(penyintas_id__in=orang) | Q(digabung_id__in=orang))
        .filter(Q(waktu__gt=p.waktu) | Q(waktu=p.waktu, pk__gt=p.pk))
        .exclude(pk=p.pk)
        .first()
    )
    if lanjut is not None:
        return _(
            "Sesudah penggabungan ini, orang yang sama sudah digabung lagi (%(w)s). "
            "Batalkan dulu penggabungan yang lebih baru itu."
        ) % {"w": timezone.localtime(lanjut.waktu).strftime("%d-%m-%Y %H:%M")}
    return None


def _pulihkan_baris(obj: Anggota, asli: dict) -> None:
    """Write the row's original values exactly (no auto_now, no new values)."""
    Anggota.semua.filter(pk=obj.pk).update(**_nilai_asli(Anggota, asli))


@transaction.atomic
def batalkan(*, penggabungan: Penggabungan, oleh=None, sekarang: dt.datetime | None = None):
    """Undo a merge: every moved reference back, both rows as they were."""
    p = Penggabungan.objects.select_for_update().get(pk=penggabungan.pk)
    a, b = _kunci_orang(p.penyintas_id, p.digabung_id)
    alasan = bisa_dibatalkan(p, sekarang)
    if alasan:
        raise GagalGabung(alasan)
    kel_ids = {
        a.keluarga_id,
        b.keluarga_id,
        p.asli_penyintas["keluarga"],
        p.asli_digabung["keluarga"],
    }
    _kunci_keluarga(*kel_ids)
    for x in reversed(p.pindahan):
        model = apps.get_model(x["model"])
        # A row deleted since, or moved again by hand, is left as it is now.
        model._base_manager.filter(pk=x["pk"], **{x["field"]: x["ke"]}).update(
            **{x["field"]: x["dari"]}
        )
    try:
        with transaction.atomic():
            _pulihkan_baris(a, p.asli_penyintas)
            _pulihkan_baris(b, p.asli_digabung)
    except IntegrityError as e:
        raise GagalGabung(
            _(
                "Tidak bisa dibatalkan: NIK atau kepala keluarga yang dipulihkan sudah dipakai "
                "orang lain sesudah penggabungan."
            )
        ) from e
    for obj in (Anggota.semua.get(pk=a.pk), Anggota.semua.get(pk=b.pk)):
        try:
            obj.validate_constraints()
        except ValidationError as e:
            raise GagalGabung(
                _("Tidak bisa dibatalkan: %(p)s") % {"p": "; ".join(e.messages)}
            ) from e
    Keluarga.objects.filter(pk__in=kel_ids).update(versi=F("versi") + 1)
    p.dibatalkan = sekarang or timezone.now()
    p.dibatalkan_oleh = oleh
    p.save(update_fields=["dibatalkan", "dibatalkan_oleh"])
    return p


# --- koreksi bulan lalu: the cause "penggabungan" (DOMAIN.md §5) ------------------------------


def _ada_pada(lahir: dt.date, peristiwa: list[tuple], tanggal: dt.date) -> bool:
    """In the population on the date (indicators.saring_penduduk, in Python): born by then and
    the last keberadaan event on or before it (by date, then id) is none or an arrival."""
    from keluarga import kode

    if lahir > tanggal:
        return False
    sebelum = sorted((t, i, j) for t, i, j in peristiwa if t <= tanggal)
    return not sebelum or sebelum[-1][2] == kode.JenisPeristiwa.DATANG


def koreksi_penggabungan(desa_id: int, tanggal: dt.date, sejak: dt.datetime) -> dict[str, int]:
    """By sex, the change in the population on `tanggal` made by the merges recorded after
    `sejak` (a month's close) and not undone: the survivor as merged, minus both people as
    they were. Events recorded after the merge are left out (they are late events of their
    own cause)."""
    from keluarga import kode
    from keluarga.models import Peristiwa

    hasil = {"L": 0, "P": 0}
    for p in Penggabungan.objects.filter(desa_id=desa_id, waktu__gt=sejak, dibatalkan__isnull=True):
        dari_b = {
            x["pk"]
            for x in p.pindahan
            if x["model"] == "keluarga.peristiwa" and x["dari"] == p.digabung_id
        }
        baris = [
            (r.tanggal, r.pk, r.jenis, r.pk in dari_b)
            for r in Peristiwa.objects.filter(
                pk__in=dari_b
                | set(
                    Peristiwa.objects.filter(anggota_id=p.penyintas_id).values_list("pk", flat=True)
                ),
                jenis__in=kode.PERISTIWA_KEBERADAAN,
                dibuat__lte=p.waktu,
            )
        ]
        a_asli = [(t, i, j) for t, i, j, b in baris if not b]
        b_asli = [(t, i, j) for t, i, j, b in baris if b]
        semua = [(t, i, j) for t, i, j, _b in baris]
        lahir = {
            k: dt.date.fromisoformat(v["tanggal_lahir"])
            for k, v in (("a", p.asli_penyintas), ("b", p.asli_digabung))
        }
        sekarang = Anggota.semua.filter(pk=p.penyintas_id).values_list(
            "tanggal_lahir", "jenis_kelamin"
        )[0]
        if _ada_pada(sekarang[0], semua, tanggal):
            hasil[sekarang[1]] += 1
        if _ada_pada(lahir["a"], a_asli, tanggal):
            hasil[p.asli_penyintas["jenis_kelamin"]] -= 1
        if _ada_pada(lahir["b"], b_asli, tanggal):
            hasil[p.asli_digabung["jenis_kelamin"]] -= 1
    hasil["total"] = hasil["L"] + hasil["P"]
    return hasil
