"""The offline copy a phone keeps (ROLES.md row "Offline copy on the phone"): the user's own
scope as one JSON document, NIK and No KK masked, for IndexedDB on the phone.

A kader gets their own groups (members, posyandu children) and the families of their regions and
groups; other roles with the capability get their desa's. "Today's worklists" are the women of
the families in scope to visit for KB status (married women 15–49) and the children to weigh at
each posyandu. Each person carries a `jejak` (fingerprint of what a send is checked against):
`luring.kirim` refuses a record whose mother or KB status changed since the copy was taken.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Prefetch
from django.utils import timezone

from keluarga import akses, kode
from keluarga.models import Anggota, Kehamilan, Keluarga, StatusKB
from poktan import akses as poktan_akses
from poktan.kode import JenisKelompok
from poktan.models import Keanggotaan, Topik, q_terbuka_pada

VERSI_SALINAN = 1
# A family's house conditions a kader may correct offline (luring.kirim checks the version).
KONDISI_RUMAH = ("sumber_air", "jamban", "lantai", "dinding", "atap", "penerangan")
UMUR_PUS = (15, 49)


def jejak_anggota(anggota: Anggota, kehamilan_terakhir: int | None) -> str:
    """What a pregnancy or birth recorded offline is checked against: the mother's record and
    her latest pregnancy. A change to either after the copy is a conflict (issue 20)."""
    return f"{anggota.diubah.isoformat()}|{kehamilan_terakhir or 0}"


def jejak_ibu(anggota: Anggota) -> str:
    terakhir = Kehamilan.objects.filter(ibu=anggota).aggregate(m=Max("id"))["m"]
    return jejak_anggota(anggota, terakhir)


def _umur(lahir: dt.date, pada: dt.date) -> int:
    return pada.year - lahir.year - ((pada.month, pada.day) < (lahir.month, lahir.day))


def _tgl(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def susun(user) -> dict:
    """The whole offline copy of this user (a fixed number of queries)."""
    hari_ini = timezone.localdate()
    keluarga = list(
        akses.keluarga_qs(user)
        .select_related("rumah__rt__rw__dusun")
        .prefetch_related(
            Prefetch(
                "anggota_set",
                queryset=Anggota.objects.filter(status_hidup=kode.StatusHidup.HIDUP).order_by(
                    "hubungan", "tanggal_lahir", "id"
                ),
            )
        )
        .order_by("rumah__rt_id", "id")
    )
    tulis_rt = set(akses.rt_kader_ids(user) or [])
    semua_rt = akses.rt_kader_ids(user) is None
    anggota_ids = [a.pk for k in keluarga for a in k.anggota_set.all()]
    status = {
        s.anggota_id: s
        for s in StatusKB.objects.filter(anggota_id__in=anggota_ids, selesai__isnull=True)
    }
    hamil_terakhir = dict(
        Kehamilan.objects.filter(ibu_id__in=anggota_ids)
        .values("ibu_id")
        .annotate(m=Max("id"))
        .values_list("ibu_id", "m")
    )
    hamil_terbuka = set(
        Kehamilan.objects.filter(ibu_id__in=anggota_ids, selesai__isnull=True).values_list(
            "ibu_id", flat=True
        )
    )
    hubungan = dict(kode.HubunganKK.choices)
    metode = dict(kode.MetodeKB.choices) | dict(kode.AlasanTidakKB.choices)
    data_keluarga, kunjungan = [], []
    for k in keluarga:
        rt = k.rumah.rt
        boleh_tulis = semua_rt or rt.pk in tulis_rt
        anggota = []
        for a in k.anggota_set.all():
            s = status.get(a.pk)
            umur = _umur(a.tanggal_lahir, hari_ini)
            anggota.append(
                {
                    "id": a.pk,
                    "nama": a.nama,
                    "nik": akses.samarkan(a.nik),
                    "jk": a.jenis_kelamin,
                    "lahir": _tgl(a.tanggal_lahir),
                    "umur": umur,
                    "hubungan": hubungan.get(a.hubungan, ""),
                    "status_kb": {
                        "id": s.pk,
                        "kode": s.metode or s.alasan,
                        "label": metode.get(s.metode or s.alasan, ""),
                        "mulai": _tgl(s.mulai),
                    }
                    if s
                    else None,
                    "hamil": a.pk in hamil_terbuka,
                    "jejak": jejak_anggota(a, hamil_terakhir.get(a.pk)),
                }
            )
            if (
                boleh_tulis
                and a.jenis_kelamin == kode.JenisKelamin.PEREMPUAN
                and a.status_kawin == kode.StatusKawin.KAWIN
                and UMUR_PUS[0] <= umur <= UMUR_PUS[1]
            ):
                kunjungan.append(a.pk)
        data_keluarga.append(
            {
                "id": k.pk,
                "no_kk": akses.samarkan(k.no_kk),
                "versi": k.versi,
                "rt": str(rt),
                "rt_id": rt.pk,
                "rumah": k.rumah.nomor,
                "kondisi": {n: getattr(k, n) for n in KONDISI_RUMAH},
                "tulis": boleh_tulis,
                "anggota": anggota,
            }
        )

    kelompok = list(
        poktan_akses.kelompok_qs(user)
        .filter(aktif=True)
        .prefetch_related(
            Prefetch(
                "keanggotaan_set",
                queryset=Keanggotaan.objects.filter(q_terbuka_pada(hari_ini))
                .select_related("anggota", "keluarga")
                .order_by("id"),
            )
        )
        .order_by("jenis", "nama")
    )
    topik = {}
    for t in Topik.objects.filter(aktif=True).order_by("urutan", "nama"):
        topik.setdefault(t.jenis, []).append([t.pk, t.nama])
    data_kelompok = []
    for g in kelompok:
        anggota = []
        for m in g.keanggotaan_set.all():
            orang = m.anggota
            anggota.append(
                {
                    "id": m.pk,
                    "nama": m.nama_tampil,
                    "anggota_id": m.anggota_id,
                    "keluarga_id": m.keluarga_id,
                    "jk": orang.jenis_kelamin if orang else m.jenis_kelamin_luar or None,
                    "lahir": _tgl(orang.tanggal_lahir if orang else m.tanggal_lahir_luar),
                    "luar": m.luar,
                    "mulai": _tgl(m.mulai),
                }
            )
        data_kelompok.append(
            {
                "id": g.pk,
                "nama": g.nama,
                "jenis": g.jenis,
                "jenis_label": JenisKelompok(g.jenis).label,
                "posyandu": g.jenis == JenisKelompok.POSYANDU,
                "anggota": anggota,
                "topik": topik.get(g.jenis, []),
            }
        )
    return {
        "versi": VERSI_SALINAN,
        "pengguna": {"id": user.pk, "nama": user.get_username()},
        "diunduh": timezone.localtime().isoformat(),
        "hari_ini": hari_ini.isoformat(),
        "keluarga": data_keluarga,
        "kelompok": data_kelompok,
        "daftar_hari_ini": {
            "kunjungan_kb": kunjungan,
            "timbang": [g["id"] for g in data_kelompok if g["posyandu"]],
        },
        "pilihan": {
            "kondisi": {
                n: [["", "—"], *[list(c) for c in Keluarga._meta.get_field(n).choices]]
                for n in KONDISI_RUMAH
            },
            "label_kondisi": {
                n: str(Keluarga._meta.get_field(n).verbose_name).capitalize() for n in KONDISI_RUMAH
            },
            "metode": [list(c) for c in kode.MetodeKB.choices],
            "alasan": [list(c) for c in kode.AlasanTidakKB.choices],
        },
    }
