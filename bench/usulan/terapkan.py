"""Apply the proposed fixes of bench/usulan/ to a COPY of the tree (never to the working tree):

    python bench/usulan/terapkan.py /tmp/rd_fix            # all
    python bench/usulan/terapkan.py /tmp/rd_fix 3          # some

Used to measure them (bench/run.py, A/B runs) before they are proposed as the diffs next to this
file. Each edit asserts the code it replaces, so a changed tree fails loudly instead of silently.
"""

import shutil
import sys
from pathlib import Path

SINI = Path(__file__).resolve().parent


def ganti(akar: Path, berkas: str, lama: str, baru: str, n: int = 1) -> None:
    p = akar / berkas
    s = p.read_text()
    if s.count(lama) < 1:
        raise SystemExit(f"{berkas}: the code to replace is not there:\n{lama[:300]}")
    p.write_text(s.replace(lama, baru, n))


def u3_cache(a: Path) -> None:
    """Cache of live reports under a data version bumped by every write."""
    shutil.copy(SINI / "cache_hidup.py", a / "laporan/cache_hidup.py")
    p = a / "laporan/apps.py"
    s = p.read_text()
    if "def ready" in s:
        raise SystemExit("laporan/apps.py already has ready(): merge by hand")
    p.write_text(
        s.rstrip("\n")
        + """

    def ready(self):
        from laporan import cache_hidup

        cache_hidup.hubungkan()
"""
    )
    ganti(
        a,
        "laporan/services.py",
        """    if periode is not None and periode.status == PeriodeBulan.Status.DITUTUP:
        return periode.snapshot
    return laporan_hidup(desa, tahun, bulan, dengan_lalu=dengan_lalu)""",
        """    if periode is not None and periode.status == PeriodeBulan.Status.DITUTUP:
        return periode.snapshot
    return cache_hidup.ambil_atau_hitung(
        f"{desa.pk}:{tahun:04d}-{bulan:02d}:{int(dengan_lalu)}",
        lambda: laporan_hidup(desa, tahun, bulan, dengan_lalu=dengan_lalu),
    )""",
    )
    ganti(
        a,
        "laporan/services.py",
        "from laporan import laporan as lap\n",
        "from laporan import cache_hidup\nfrom laporan import laporan as lap\n",
    )
    ganti(
        a,
        "rumahdataku/settings.py",
        "DEFAULT_AUTO_FIELD",
        """# Live monthly reports are cached under a data version (laporan/cache_hidup.py), in files so that
# every gunicorn worker shares them. CACHE_LAPORAN_DETIK=0 turns the cache off (tests).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "laporan": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "laporan",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
RUMAHDATAKU_CACHE_LAPORAN_DETIK = int(os.environ.get("CACHE_LAPORAN_DETIK", "900"))

DEFAULT_AUTO_FIELD""",
    )
    ganti(
        a,
        "keluarga/impor/terapkan.py",
        """    r = rencana
    sekarang = timezone.now()""",
        """    r = rencana
    # Bulk writes skip post_save: tell the live-report cache once the import commits.
    transaction.on_commit(cache_hidup.data_berubah)
    sekarang = timezone.now()""",
    )
    ganti(
        a,
        "keluarga/impor/terapkan.py",
        "\nfrom keluarga import ",
        "\nfrom laporan import cache_hidup\nfrom keluarga import ",
    )
    for f in ("operasi/demo.py", "operasi/demo_poktan.py"):
        p = a / f
        s = p.read_text()
        i = s.index("    def simpan(self) -> None:")
        k = s.index("cur.execute(sql)", i)
        e = s.index("\n", k)
        s = (
            s[:e]
            + (
                "\n        # Bulk inserts skip post_save: the live-report cache is stale once they commit."
                "\n        transaction.on_commit(cache_hidup.data_berubah)"
            )
            + s[e:]
        )
        s = s.replace("\nfrom keluarga", "\nfrom laporan import cache_hidup\nfrom keluarga", 1)
        p.write_text(s)


# 01 (RT by primary-key subquery), 02 (family list and search, index keluarga_desa_nokk_idx)
# and 04 (poktan demo bulk insert) are applied to the tree; only 03 is still a proposal.
SEMUA = {"3": u3_cache}

if __name__ == "__main__":
    akar = Path(sys.argv[1]).resolve()
    if akar == SINI.parent.parent.resolve():
        raise SystemExit("Only on a copy of the tree: these are proposals.")
    for k in sys.argv[2:] or list(SEMUA):
        SEMUA[k](akar)
        print(f"applied {k}: {SEMUA[k].__doc__.splitlines()[0]}")
