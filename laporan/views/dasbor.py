"""The Kepala Desa dashboard: key indicators with trends, main charts, counts that need action."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from keluarga import akses
from keluarga.akses import K
from laporan import awal, blok, services
from laporan import laporan as lap
from laporan.akses import desa_laporan, wilayah_laporan
from laporan.tampilan import kartu_skor_bulan, konteks_cakupan, label_perbandingan
from laporan.views.laporan import halaman_jumlah
from poktan import register as register_poktan
from poktan.akses import kelompok_qs

INDIKATOR = [
    ("penduduk.jumlah.total", "Penduduk", False),
    ("keluarga.jumlah", "Keluarga (KK)", False),
    ("kb.pus", "PUS", False),
    ("kb.peserta_aktif.total", "Peserta KB aktif", False),
    ("kb.cpr", "CPR", True),
    ("kb.mcpr", "mCPR", True),
    ("kb.mkjp_persen", "MKJP", True),
    ("kb.unmet_need_persen", "Unmet need", True),
    ("keluarga.krs", "Keluarga berisiko stunting", False),
    ("posyandu.prevalensi_stunting_persen", "Prevalensi stunting", True),
    ("posyandu.rasio.d_s", "D/S posyandu", True),
]


def dasbor_awal(request):
    """ROLES.md: Dashboard (aggregates). The user's desa (?desa=KODE among several) at the last
    closed month, or the open month when none is closed yet (issue 20)."""
    akses.wajib(request.user, K.LIHAT_LAPORAN)
    desa_qs = akses.desa_qs(request.user)
    if request.GET.get("desa"):
        desa_qs = desa_qs.filter(kode=request.GET["desa"])
    desa = desa_qs.first()
    if desa is None:
        raise Http404
    bulan = timezone.localdate().strftime("%Y-%m")
    jumlah = halaman_jumlah(request.user, desa, bulan)
    if jumlah is not None:
        return jumlah  # Kecamatan, Kabupaten: their sum, rows per kecamatan/desa
    # The last closed month (agreed figures); the open month is offered there as angka sementara.
    ditutup = awal.bulan_ditutup_terakhir(desa)
    if ditutup is not None:
        bulan = awal.kode(ditutup)
    return redirect("laporan:dasbor", kode=desa.kode, bulan=bulan)


def dasbor(request, kode: str, bulan: str):
    desa = desa_laporan(request.user, kode)
    try:
        tahun, bln = lap.parse_bulan(bulan)
        laporan = services.laporan_bulan(desa, tahun, bln, wilayah=wilayah_laporan(request, desa))
    except lap.LaporanDitolak as e:
        return render(request, "laporan/ditolak.html", {"pesan": str(e), "desa": desa}, status=404)
    # An open month's figures are partial (angka sementara): never coloured as a rise or fall.
    sementara = laporan["status"] != "ditutup"
    kartu = []
    for jalur, judul, persen in INDIKATOR:
        nilai = lap._ambil(laporan, jalur)
        banding = laporan["perbandingan"].get(jalur)
        kartu.append(
            {
                "judul": judul,
                "nilai": nilai,
                "persen": persen,
                "banding": {"kelas": "", "teks": ""} if sementara else label_perbandingan(banding),
                "lalu": (banding or {}).get("bulan_lalu"),
            }
        )
    boleh_daftar = akses.boleh(request.user, K.DAFTAR_NAMA)
    tindakan = [
        ("unmet_need", "PUS unmet need", laporan["daftar"]["unmet_need"], "daftar"),
        ("stunting", "Anak stunting", laporan["daftar"]["stunting"], "daftar"),
        ("krs", "Keluarga berisiko stunting", laporan["daftar"]["krs"], "daftar"),
        ("ibu_hamil", "Ibu hamil", laporan["daftar"]["ibu_hamil"], "daftar"),
        (
            "pus_belum_terdata",
            "PUS belum terdata",
            laporan["kualitas_data"]["pus_belum_terdata"],
            "kualitas",
        ),
        (
            "belum_lapor",
            "Poktan belum lapor",
            sum(p["belum_lapor"] for p in laporan["poktan"].values()),
            None,
        ),
    ]
    tempo = register_poktan.jatuh_tempo_dan_terlambat(kelompok_qs(request.user).filter(desa=desa))
    tindakan += [
        ("jatuh_tempo", "Register R/I poktan jatuh tempo", tempo["n_tempo"], "register"),
        ("terlambat", "Register R/I poktan terlambat", tempo["n_telat"], "register"),
    ]
    ditutup = awal.bulan_ditutup_terakhir(desa)
    bulan_ini = timezone.localdate().replace(day=1)
    ctx = {
        "desa": desa,
        "lap": laporan,
        "sementara": sementara,
        "bulan_ditutup": awal.kode(ditutup) if ditutup else None,
        # The open month offered beside a closed one (none when it is the month shown).
        "bulan_sementara": awal.kode(bulan_ini) if awal.kode(bulan_ini) != bulan else None,
        "kartu": kartu,
        "tindakan": [
            {
                "kunci": k,
                "judul": j,
                "jumlah": n,
                "tautan": t
                if (t == "daftar" and boleh_daftar)
                or (t == "kualitas" and akses.boleh(request.user, K.KUALITAS_DATA))
                or (t == "register" and akses.boleh(request.user, K.CETAK_REGISTER))
                else None,
            }
            for k, j, n, t in tindakan
        ],
        "skor": kartu_skor_bulan(desa, laporan, request.user),
        "rkd": _rencana(desa, tahun, bln),
        "grafik": [
            "piramida",
            "metode_kb",
            "tidak_kb",
            "tren_kb",
            "partisipasi_poktan",
            "skdn",
            "tren_stunting",
            "peserta_baru",
        ],
    }
    ctx.update(konteks_cakupan(request.user, laporan, desa=desa))
    from pendampingan.daftar import konteks_laporan as konteks_pendampingan

    ctx.update(konteks_pendampingan(request.user, laporan))
    return render(request, "laporan/dasbor.html", ctx)


def _rencana(desa, tahun, bulan):
    """Last month's plan vs realisation and this month's planned activities (a card kampungkb
    registers)."""
    return blok.KARTU.panggil("rencana_kampung_kb", desa, bawaan=None)
