"""The chart of new KB participants (PB) per month by method (OFFICIAL.md §4), from hand-built
report dicts."""

from laporan import grafik


def bulan(kode: str, **pb):
    metode = ("iud", "mow", "mop", "implan", "suntik", "pil", "kondom", "mal", "tradisional")
    baru = {m: pb.get(m, 0) for m in metode}
    return {
        "desa": {"kode": "3326015001", "nama": "Sidomulyo"},
        "bulan": kode,
        "status": "ditutup",
        "kb": {"peserta_baru": {**baru, "total": sum(baru.values())}},
    }


def test_pb_chart_stacks_twelve_months_by_method_and_states_the_totals():
    riwayat = [None] * 9 + [bulan("2026-07", suntik=2), bulan("2026-08"), bulan("2026-09", iud=1)]
    svg = grafik.peserta_baru(bulan("2026-10", implan=1, pil=1, mal=1), riwayat, format="svg")
    assert "Peserta KB baru (PB) per bulan menurut metode" in svg
    assert "PB 12 bulan: 6 · bulan ini: 3" in svg  # 2 + 0 + 1 + 3
    assert "Sidomulyo" in svg


def test_pb_chart_without_new_participants_says_no_data():
    svg = grafik.peserta_baru(bulan("2026-10"), [], format="svg")
    assert grafik.BELUM_ADA_DATA in svg
    assert grafik.GRAFIK["peserta_baru"].tren is True
