"""Load test: the app under gunicorn (2 workers) on 127.0.0.1, driven by wrk for 60 s at 8
connections, each connection a logged-in Admin desa, over a stated request mix.

    .venv/bin/python bench/beban.py --db pg --nama rd_bench_desa --out beban.json

Runs against a scratch database already seeded and with last month closed by bench/ukur.py.
DEBUG=0 as in production (SECRET_KEY set, ALLOWED_HOSTS=127.0.0.1, HTTPS=0 on loopback, static
files collected into the scratch folder). Loopback only; gunicorn is stopped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import umum  # noqa: E402

SANDI = "bench-beban-rahasia-7"
# Share of requests per page (out of 100): what an operator and a Kepala Desa do during a day.
MIX = [
    ("daftar", 25),  # family list, pages 1–20
    ("cari", 20),  # search: partial NIK and names
    ("keluarga", 35),  # family pages
    ("dasbor", 10),  # dashboard of the closed month
    ("laporan_tutup", 10),  # closed-month report
]


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def siapkan(args, env) -> dict:
    """Users, URL lists and static files for the run (in this process, DEBUG=0 settings)."""
    umum.siapkan_django(env)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from keluarga.models import Anggota, Desa, Keluarga
    from laporan.models import PeriodeBulan

    call_command("collectstatic", "--noinput", verbosity=0)
    desa = Desa.objects.order_by("kode").first()
    ditutup = PeriodeBulan.objects.filter(desa=desa, status="ditutup").order_by("-bulan").first()
    if ditutup is None:
        raise SystemExit("Run bench/ukur.py on this database first (it closes last month).")
    bulan = ditutup.bulan.strftime("%Y-%m")
    from factories import persona

    nama = []
    for i in range(args.koneksi):
        username = f"bench_beban_{i + 1}"
        u = get_user_model().objects.filter(username=username).first()
        if u is None:
            u = persona("Admin desa", desa=desa, username=username)
        u.set_password(SANDI)
        u.save()
        nama.append(username)
    kel = list(Keluarga.objects.filter(desa=desa).order_by("?").values_list("pk", flat=True)[:300])
    niks = list(
        Anggota.objects.filter(desa=desa, nik__isnull=False)
        .order_by("?")
        .values_list("nik", flat=True)[:20]
    )
    nama_depan = sorted(
        {n.split()[0][:5].lower() for n in Anggota.objects.filter(desa=desa).values_list("nama", flat=True)[:400]}
    )[:15]  # fmt: skip
    jumlah_halaman = max(1, min(20, Keluarga.objects.filter(desa=desa).count() // 25))
    paths = {
        "daftar": ["/keluarga/"] + [f"/keluarga/?hal={i}" for i in range(2, jumlah_halaman + 1)],
        "cari": [f"/keluarga/?q={n[-6:]}" for n in niks]
        + [f"/keluarga/?q={n}" for n in nama_depan],
        "keluarga": [f"/keluarga/{pk}/" for pk in kel],
        "dasbor": [f"/laporan/dasbor/{desa.kode}/{bulan}/"],
        "laporan_tutup": [f"/laporan/desa/{desa.kode}/{bulan}/"],
    }
    return {"users": nama, "paths": paths, "bulan": bulan, "desa": desa.kode,
            "hari": timezone.localdate().isoformat()}  # fmt: skip


def masuk(base: str, username: str) -> str:
    """POST /akun/masuk/ like a browser; return the session cookie."""
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = op.open(f"{base}/akun/masuk/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": SANDI, "csrfmiddlewaretoken": token}
    ).encode()
    req = urllib.request.Request(
        f"{base}/akun/masuk/", data=data, headers={"Referer": f"{base}/akun/masuk/"}
    )
    op.open(req, timeout=30).read()
    sesi = [c for c in jar if c.name == "sessionid"]
    if not sesi:
        raise SystemExit(f"Login of {username} failed (no session cookie).")
    return f"sessionid={sesi[0].value}"


def lua_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "pg"], default="pg")
    ap.add_argument("--nama", default="rd_bench_desa")
    ap.add_argument("--detik", type=int, default=60)
    ap.add_argument("--koneksi", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install -y wrk")
    env = umum.lingkungan(args.db, args.nama, debug=False)
    env.update(SECRET_KEY="bench-only-" + "k" * 50, ALLOWED_HOSTS="127.0.0.1", HTTPS="0")
    folder = Path(env["RUMAHDATAKU_DATA_DIR"])
    info = siapkan(args, env)
    port = port_bebas()
    base = f"http://127.0.0.1:{port}"
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "rumahdataku.wsgi",
         "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=umum.AKAR, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    hasil: dict = {"mix": MIX, **info, "workers": args.workers, "koneksi": args.koneksi}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/akun/masuk/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not start; see gunicorn.log")
        cookies = [masuk(base, u) for u in info["users"]]
        # Warm each worker (imports, first queries) before the timed run.
        for p in ("/keluarga/", info["paths"]["dasbor"][0], info["paths"]["laporan_tutup"][0]):
            for _ in range(args.workers * 2):
                req = urllib.request.Request(base + p, headers={"Cookie": cookies[0]})
                try:
                    urllib.request.urlopen(req, timeout=120).read()
                except urllib.error.HTTPError as e:  # counted in the run; here only warming
                    hasil.setdefault("pemanasan_galat", []).append(f"{p}: HTTP {e.code}")
        skrip = folder / "beban"
        skrip.mkdir(exist_ok=True)
        shutil.copy(Path(__file__).with_name("beban.lua"), skrip / "beban.lua")
        baris = ["COOKIES = {" + ", ".join(lua_str(c) for c in cookies) + "}"]
        baris.append("MIX = {" + ", ".join(f"{{{lua_str(k)}, {w}}}" for k, w in MIX) + "}")
        baris.append("PATHS = {")
        for k, ps in info["paths"].items():
            baris.append(f"  [{lua_str(k)}] = {{" + ", ".join(lua_str(p) for p in ps) + "},")
        baris.append("}")
        (skrip / "bench_paths.lua").write_text("\n".join(baris) + "\n")
        lua = skrip / "jalan.lua"
        lua.write_text(
            f"dofile({lua_str(str(skrip / 'bench_paths.lua'))})\n"
            f"dofile({lua_str(str(skrip / 'beban.lua'))})\n"
        )
        perintah = ["wrk", f"-t{args.koneksi}", f"-c{args.koneksi}", f"-d{args.detik}s",
                    "--timeout", "10s", "--latency", "-s", str(lua), base + "/"]  # fmt: skip
        hasil["perintah"] = " ".join(perintah)
        mulai = dt.datetime.now(dt.UTC).astimezone()
        keluar = subprocess.run(perintah, capture_output=True, text=True, timeout=args.detik + 120)
        hasil["mulai"] = mulai.isoformat(timespec="seconds")
        hasil["wrk_stdout"] = keluar.stdout
        js = [b for b in keluar.stdout.splitlines() if b.startswith("BENCH_JSON ")]
        if not js:
            raise SystemExit(f"wrk gave no result:\n{keluar.stdout}\n{keluar.stderr}")
        hasil["wrk"] = json.loads(js[-1][len("BENCH_JSON ") :])
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
            gunicorn.wait()
        log.close()
        Path(args.out).write_text(json.dumps(hasil, indent=1, default=str))
    w = hasil["wrk"]
    print(f"load test: {w['requests']} requests in {w['duration_s']:.0f} s, {w['rps']:.1f} req/s, "
          f"p50 {w['p50_ms']:.0f} ms, p99 {w['p99_ms']:.0f} ms, errors {w['errors']}")  # fmt: skip
    for k, p in w["pages"].items():
        print(f"  {k:<14} {p['requests']:>6} req {p['rps']:>7.2f}/s  p50 {p['p50_ms']:>7.1f} ms  "
              f"p99 {p['p99_ms']:>7.1f} ms  errors {p['errors']}")  # fmt: skip


if __name__ == "__main__":
    main()
