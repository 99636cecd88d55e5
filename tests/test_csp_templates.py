"""No inline CSS in templates served to browsers: the CSP (settings.CONTENT_SECURITY_POLICY) has
style-src 'self', so browsers drop every <style> block and style="..." attribute and the page
renders unstyled. Styles belong in static/css/."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Templates rendered only to PDF by WeasyPrint (which does not apply the CSP) may keep inline
# styles. None today: laporan/cetak.html goes to WeasyPrint (laporan/cetak.py) but is also served
# to the browser (laporan/views/keluaran.py), so it is not PDF-only.
HANYA_PDF: tuple[str, ...] = ()

# Templates still carrying inline styles (none now). A path ending in "/" allows a whole folder.
BELUM_DIBERSIHKAN: tuple[str, ...] = ()

# A <style> tag, or a style= attribute (after whitespace, so class="style" or data-style= pass).
POLA = re.compile(r"<style\b|(?<=\s)style\s*=", re.IGNORECASE)


def gaya_sebaris(teks: str) -> list[tuple[int, str]]:
    """(line number, line) of every <style tag or style= attribute in a template's text."""
    baris = teks.splitlines()
    temuan = []
    for m in POLA.finditer(teks):
        n = teks.count("\n", 0, m.start())
        temuan.append((n + 1, baris[n]))
    return temuan


def diizinkan(relatif: str) -> bool:
    return any(
        relatif.startswith(izin) if izin.endswith("/") else relatif == izin
        for izin in HANYA_PDF + BELUM_DIBERSIHKAN
    )


def test_the_checker_finds_inline_styles_and_nothing_else():
    teks = (
        '{% load static %}<link rel="stylesheet" href="{% static \'css/rumahdataku.css\' %}">\n'
        '<div class="gulir">ok</div>\n'
        "<STYLE>.x{color:red}</style>\n"
        '<p class="a" style="color:red">x</p>\n'
        "<td\n  style='width:1rem'>y</td>\n"
    )
    assert [baris for baris, _ in gaya_sebaris(teks)] == [3, 4, 6]
    assert (
        gaya_sebaris('<link rel="stylesheet" href="a.css"><p class="style" data-style="x">') == []
    )


def test_the_allow_list_names_existing_templates():
    for izin in HANYA_PDF + BELUM_DIBERSIHKAN:
        assert (TEMPLATES / izin).exists(), f"{izin} tidak ada lagi; hapus dari daftar izin"


def test_no_template_served_to_browsers_has_inline_styles():
    temuan = []
    for berkas in sorted(TEMPLATES.rglob("*")):
        relatif = berkas.relative_to(TEMPLATES).as_posix()
        if not berkas.is_file() or diizinkan(relatif):
            continue
        for baris, isi in gaya_sebaris(berkas.read_text(encoding="utf-8")):
            temuan.append(f"templates/{relatif}:{baris}: {isi.strip()[:120]}")
    assert not temuan, (
        "CSS sebaris diblokir CSP (style-src 'self'); pindahkan ke static/css/:\n"
        + "\n".join(temuan)
    )


def test_the_buku_data_sheet_still_prints_on_a4_landscape_from_the_static_css():
    """Its @page rule moved out of the template: a named page, used by <body class="buku-data">."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "rumahdataku.css").read_text()
    assert "@page buku-data{size:A4 landscape;margin:10mm}" in css
    assert "body.buku-data{page:buku-data}" in css
    assert '<body class="buku-data">' in (TEMPLATES / "kelola" / "buku_data.html").read_text()
