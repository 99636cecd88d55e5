"""Weak signal (issue 20, item 2): every page's first load on a throttled phone connection.

    make run                       # the demo village on http://127.0.0.1:8000 (another shell)
    .venv/bin/python bench/lemah.py [--url http://127.0.0.1:8000] [--tulis]

Puts a gzip proxy in front of the app (as the nginx example does: text/html, CSS, JS, SVG and
JSON compressed when the browser accepts gzip), then opens each demo role's main pages in
Chromium (/usr/bin/chromium or $CHROMIUM_PATH) with a cold cache, at 360 px, under Chromium's
network emulation (CDP ``Network.emulateNetworkConditions``: 400 kbit/s both ways, 400 ms round
trip). Per page it reports the bytes transferred on first load by HTML, CSS, JS and fonts (images
— charts and maps, loaded lazily — counted apart) and the first contentful paint. Limits: 100 KB
and 3 s. ``--tulis`` writes the table into docs/PERFORMANCE.md between its markers (the rest of
the file is left as it is). Exit status 1 when a page is over a limit.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
PERFORMANCE = REPO / "docs" / "PERFORMANCE.md"
AWAL, AKHIR = "<!-- lemah:awal -->", "<!-- lemah:akhir -->"
SANDI = "demo-rumahdataku"  # keluarga/management/commands/demo_admin.py
KBIT = 400
RTT_MS = 400
BATAS_BYTE = 100 * 1024
BATAS_MS = 3000
DIKOMPRES = ("text/html", "text/css", "javascript", "image/svg+xml", "application/json")
HALAMAN_TEKS = {"Document", "Stylesheet", "Script", "Font"}


def halaman(kode: str, bulan: str) -> dict[str, list[str]]:
    """Each demo role's first screen and main pages."""
    lap = [f"/laporan/desa/{kode}/{bulan}/", "/laporan/dasbor/"]
    return {
        "admin": ["/", "/keluarga/", "/keluarga/1/", "/keluarga/1/ubah/", *lap, "/poktan/"]
        + [f"/laporan/desa/{kode}/{bulan}/cetak/", "/kelola/buku-data/1/"],
        "operator": ["/", "/keluarga/", "/kualitas-data/", "/impor/"],
        "kader": ["/", "/keluarga/", "/poktan/", "/kualitas-data/"],
        "penyuluh": ["/", "/keluarga/", f"/laporan/desa/{kode}/{bulan}/"],
        "kades": ["/", f"/laporan/desa/{kode}/{bulan}/", "/kampung-kb/"],
        "camat": ["/", "/poktan/", "/laporan/"],
    }


def proksi_gzip(asal: str, port: int) -> ThreadingHTTPServer:
    """A small reverse proxy that gzips text responses, like the deployment's nginx."""
    tujuan = urlsplit(asal)

    class Penerus(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _teruskan(self):
            panjang = int(self.headers.get("Content-Length") or 0)
            badan = self.rfile.read(panjang) if panjang else None
            kepala = {k: v for k, v in self.headers.items() if k.lower() != "accept-encoding"}
            # The browser's Host stays: Django's CSRF check compares it with the Origin.
            sambungan = http.client.HTTPConnection(tujuan.hostname, tujuan.port or 80, timeout=120)
            sambungan.request(self.command, self.path, body=badan, headers=kepala)
            resp = sambungan.getresponse()
            isi = resp.read()
            jenis = resp.getheader("Content-Type", "")
            gz = "gzip" in (self.headers.get("Accept-Encoding") or "") and any(
                j in jenis for j in DIKOMPRES
            )
            if gz:
                isi = gzip.compress(isi, compresslevel=6)
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(k, v)
            if gz:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(isi)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(isi)
            sambungan.close()

        do_GET = do_POST = do_HEAD = _teruskan

    server = ThreadingHTTPServer(("127.0.0.1", port), Penerus)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ukur(browser, proksi: str, state, path: str) -> dict:
    """One cold first load of `path` under the throttled connection."""
    context = browser.new_context(
        storage_state=state, viewport={"width": 360, "height": 780}, locale="id-ID"
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": RTT_MS,
            "downloadThroughput": KBIT * 1000 / 8,
            "uploadThroughput": KBIT * 1000 / 8,
        },
    )
    jenis: dict[str, str] = {}
    byte = {"teks": 0, "gambar": 0}

    def diterima(e):
        jenis[e["requestId"]] = e.get("type", "Other")

    def selesai(e):
        kelompok = "teks" if jenis.get(e["requestId"]) in HALAMAN_TEKS else "gambar"
        byte[kelompok] += int(e.get("encodedDataLength", 0))

    cdp.on("Network.responseReceived", diterima)
    cdp.on("Network.loadingFinished", selesai)
    resp = page.goto(f"{proksi}{path}", wait_until="load", timeout=120_000)
    fcp = page.evaluate(
        """() => new Promise(ok => {
            new PerformanceObserver(l => {
                const e = l.getEntriesByName('first-contentful-paint')[0];
                if (e) ok(e.startTime);
            }).observe({type: 'paint', buffered: true});
            setTimeout(() => ok(null), 10000);
        })"""
    )
    page.wait_for_timeout(300)  # the last loadingFinished events
    hasil = {
        "path": path,
        "akhir": urlsplit(page.url).path,
        "status": resp.status if resp else 0,
        "teks": byte["teks"],
        "gambar": byte["gambar"],
        "fcp": fcp,
    }
    context.close()
    return hasil


def tabel(baris: list[dict]) -> str:
    kepala = [
        f"Network emulation: {KBIT} kbit/s down and up, {RTT_MS} ms round trip, cold cache, "
        "360 px, behind gzip (`bench/lemah.py`). *Teks* = HTML, CSS, JS and fonts transferred "
        "on first load (limit 100 KB); *gambar* = charts and maps (lazy, not in the limit); "
        "*render* = first contentful paint (limit 3 s).",
        "",
        "| Peran | Halaman | Status | Teks (KB) | Gambar (KB) | Render (s) | Batas |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for b in baris:
        ok = b["teks"] <= BATAS_BYTE and b["fcp"] is not None and b["fcp"] <= BATAS_MS
        halaman_ = b["path"] if b["akhir"] == b["path"] else f"{b['path']} → {b['akhir']}"
        render = "–" if b["fcp"] is None else f"{b['fcp'] / 1000:.2f}"
        kepala.append(
            f"| {b['peran']} | `{halaman_}` | {b['status']} | {b['teks'] / 1024:.1f} | "
            f"{b['gambar'] / 1024:.1f} | {render} | {'ya' if ok else '**lewat**'} |"
        )
    return "\n".join(kepala)


def tulis(isi: str) -> None:
    teks = PERFORMANCE.read_text() if PERFORMANCE.exists() else ""
    bagian = f"{AWAL}\n{isi}\n{AKHIR}"
    if AWAL in teks and AKHIR in teks:
        awal, sisa = teks.split(AWAL, 1)
        _lama, akhir = sisa.split(AKHIR, 1)
        teks = f"{awal}{bagian}{akhir}"
    else:
        teks = f"{teks.rstrip()}\n\n## Weak signal: first load on a phone (issue 20)\n\n{bagian}\n"
    PERFORMANCE.write_text(teks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000", help="the running app")
    ap.add_argument("--port", type=int, default=8765, help="port of the gzip proxy")
    ap.add_argument("--desa", default="3326012001")
    ap.add_argument("--bulan", default=None, help="YYYY-MM (default: this month)")
    ap.add_argument("--tulis", action="store_true", help="write the table to PERFORMANCE.md")
    a = ap.parse_args()
    import datetime as dt

    bulan = a.bulan or dt.datetime.now().astimezone().strftime("%Y-%m")
    server = proksi_gzip(a.url, a.port)
    proksi = f"http://127.0.0.1:{a.port}"
    baris = []
    chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for peran, daftar in halaman(a.desa, bulan).items():
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{proksi}/akun/masuk/")
            page.fill("#id_username", peran)
            page.fill("#id_password", SANDI)
            page.click("button[type=submit]")
            page.wait_for_url(lambda u: "/akun/masuk/" not in u)
            state = context.storage_state()
            context.close()
            for path in daftar:
                hasil = ukur(browser, proksi, state, path)
                hasil["peran"] = peran
                baris.append(hasil)
                print(
                    f"{peran:<9} {path:<40} {hasil['status']} teks {hasil['teks'] / 1024:6.1f} KB"
                    f"  gambar {hasil['gambar'] / 1024:6.1f} KB  render "
                    f"{(hasil['fcp'] or 0) / 1000:5.2f} s",
                    flush=True,
                )
        browser.close()
    server.shutdown()
    isi = tabel(baris)
    if a.tulis:
        tulis(isi)
    else:
        print(isi)
    lewat = [b for b in baris if b["teks"] > BATAS_BYTE or not b["fcp"] or b["fcp"] > BATAS_MS]
    return 1 if lewat else 0


if __name__ == "__main__":
    sys.exit(main())
