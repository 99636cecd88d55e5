"""The permission matrix, generated from ROLES.md (issue 8, item 3).

Every URL pattern of the project (``get_resolver()`` walked recursively, namespaced includes too)
is requested by every persona — anonymous, the seven roles scoped to desa A (Kecamatan: its
kecamatan; Kabupaten: kabupaten 3326, desa A, B and C), Admin desa of desa B
and a logged-in user without a role — with an object inside and outside the persona's scope, by
GET and, for views that take a form or an action, by POST (empty body). The expected status is
computed from ``keluarga.akses.MATRIKS`` (ROLES.md's table) and the scope:

- anonymous → 302 to the login page (only the login page itself is open);
- no role → 403 everywhere except their own account pages (password change, logout);
- a capability the role lacks → 403 (for an object that is also outside the scope, 403 or 404:
  ROLES.md does not rank the two refusals, and neither tells anything about the object);
- an object outside the scope → 404 (another desa; for a kader also RT 2 / another group, unless
  the rule of that row is "whole desa" or "own regions; own groups" and the object is reached
  through the kader's group; a kecamatan's sum is in scope only when all its desa are);
- allowed → 200, or 302 not to the login page (a POST may also answer 400 for a form error or
  409 for an edit without the page's version).

ENTRI classifies every URL name: a URL pattern without an entry fails, so a new URL must be
classified here. Per-role overrides (``ganti``) are only the documented rules of the app (each
says where). Django admin is one group: superusers only; a village role gets the (admin) login
page or a redirect to it, never admin content.

The world (tests/dunia.py) is built once per module inside a transaction rolled back at the end;
every request runs in a savepoint rolled back after it, so a POST never changes what the next
persona sees. Heavy renderers (WeasyPrint, the PDF's charts and maps, growth charts) run for real
once per URL and are stood in for the other personas (``Sekali``). The last test prints the size
of the matrix; ``MATRIKS_IZIN_TSV=path`` writes every request with its expected and actual result.
"""

from __future__ import annotations

import copy
import importlib
import logging
import os
import re
from dataclasses import dataclass, field
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    include,
    path,
    resolve,
    reverse,
)

from keluarga.akses import MATRIKS, K, Peran
from rumahdataku import urls as akar
from tests import dunia as d

# Until the root URLconf mounts the import pages (keluarga/urls_impor.py), this module mounts
# them itself so their gate is in the matrix already; once mounted, the project's own is used.
if any(getattr(p, "namespace", None) == "impor" for p in akar.urlpatterns):
    urlpatterns = list(akar.urlpatterns)
    URLCONF = "rumahdataku.urls"
else:
    urlpatterns = [*akar.urlpatterns, path("impor/", include("impor.urls"))]
    URLCONF = __name__
    pytestmark = pytest.mark.urls(__name__)

# --- the table ---------------------------------------------------------------------------------

G, P, GP = ("GET",), ("POST",), ("GET", "POST")
BULAN, TAHUN = "<bulan>", "<tahun>"  # filled from the world (last month, this year)
KA, KD, KC, KB = Peran.KADER, Peran.KEPALA_DESA, Peran.KECAMATAN, Peran.KABUPATEN

# laporan/akses.py, kampungkb/akses.py: a kecamatan or kabupaten sees its villages only
# aggregated, so every single-desa report page is 403 for it (ROLES.md: "Kecamatan: aggregated
# over its desa", "Kabupaten: aggregated over its kecamatan and desa").
SATU_DESA = {KC: 403, KB: 403}
# laporan/akses.py (kecamatan_laporan, kabupaten_laporan): besides the Kecamatan and Kabupaten
# roles, only roles that read family pages (BACA_KELUARGA) open a kecamatan or kabupaten sum (all
# of its desa in their scope); a Kepala Desa gets 403.
KECAMATAN_SAJA = {KD: 403}
# poktan/views/kelompok.py (_wajib_kelola): a kader fills their groups' registers but does not
# create groups or change a group's settings (403 for their own group; another group is 404).
KADER_TIDAK_KELOLA = {KA: {"A": 403}}

# Outcomes (see _hasil): "200", "302" (not to login), "302→login", "302→<status>" (followed).
IZIN_GET = frozenset({"200", "302"})
IZIN_POST = frozenset({"200", "302", "400", "409"})
IZIN_IKUTI = frozenset({"200", "302→200"})
KE_LOGIN = frozenset({"302→login"})


@dataclass(frozen=True)
class Entri:
    """How one URL is gated.

    kemampuan: a ROLES.md capability (K.*), or "publik" (open to all), "akun" (any logged-in
        user's own account page), "peran" (any role; no role 403).
    objek: the object type its URL takes (a key of Dunia.objek), None for none.
    metode: GET for pages, POST for actions, both for form pages.
    kader: how a kader's scope applies to desa A's objects: "sendiri" (own regions or own groups
        only: RT 2 / another group is 404), "baca" (own regions and own groups: a family reached
        through the kader's group is readable), "desa" (the whole desa).
    ganti: documented per-role rules: role → status, or role → {variant: status}.
    tetap: fixed URL kwargs (BULAN/TAHUN are filled from the world).
    kueri: extra requests with a query string that needs one more capability.
    ikuti: an entry page that redirects: follow the redirect once, it must end in a 200.
    izin: the allowed outcomes when not the default ones.
    """

    kemampuan: K | str
    objek: str | None = None
    metode: tuple[str, ...] = G
    kader: str = "sendiri"
    ganti: dict = field(default_factory=dict)
    tetap: dict = field(default_factory=dict)
    kueri: dict = field(default_factory=dict)
    ikuti: bool = False
    izin: frozenset[str] | None = None
    catatan: str = ""


def E(kemampuan, objek=None, metode=G, **kw) -> Entri:
    return Entri(kemampuan, objek, metode, **kw)


BLN = {"bulan": BULAN}
THN = {"tahun": TAHUN}
PETA_KB = {"lapisan=kb": K.PETA_KB}  # ROLES.md: "Family map with the KB layer"

ENTRI: dict[str, Entri] = {
    # --- root: home and account
    "beranda": E("peran", catatan="rumahdataku/beranda.py: no role → 403"),
    "login": E("publik", metode=GP),
    "favicon": E("publik", catatan="rumahdataku/ikon.py: the icon browsers ask for"),
    "logout": E("akun", metode=P, izin=KE_LOGIN, catatan="logs out, then to the login page"),
    "password_change": E("akun", metode=GP),
    # --- families and members (ROLES.md rows 1–3)
    "keluarga:daftar": E(K.BACA_KELUARGA),
    "keluarga:buat": E(K.TULIS_KELUARGA, metode=GP),
    "keluarga:detail": E(K.BACA_KELUARGA, "keluarga", kader="baca"),
    "keluarga:ubah": E(K.TULIS_KELUARGA, "keluarga", GP),
    "keluarga:verifikasi": E(K.TULIS_KELUARGA, "keluarga", P),
    "keluarga:lahir": E(K.TULIS_KELUARGA, "keluarga", GP),
    "keluarga:datang": E(K.TULIS_KELUARGA, "keluarga", GP),
    "keluarga:meninggal": E(K.TULIS_KELUARGA, "anggota", GP),
    "keluarga:pindah_keluar": E(K.TULIS_KELUARGA, "anggota", GP),
    "keluarga:status_kawin": E(K.TULIS_KELUARGA, "anggota", GP),
    "keluarga:pindah_anggota": E(K.TULIS_KELUARGA, "anggota", GP),
    "keluarga:hamil": E(K.TULIS_KELUARGA, "anggota", GP),
    "keluarga:status_kb": E(K.TULIS_KB, "anggota", GP),
    "keluarga:akhiri_hamil": E(K.TULIS_KELUARGA, "kehamilan", GP),
    "kualitas:daftar": E(K.KUALITAS_DATA),
    # --- likely duplicate people (issue 19): a pair only when both people are in scope
    "kualitas:ganda": E(K.GANDA),
    "kualitas:ganda_tolak": E(K.GANDA, "pasangan_ganda", P),
    # ROLES.md "Merge two people, and undo a merge" (keluarga/gabung.py): both people in scope
    "keluarga:gabung": E(K.GABUNG_ORANG, "pasangan", GP),
    "keluarga:gabung_detail": E(K.GABUNG_ORANG, "penggabungan"),
    "keluarga:gabung_batal": E(K.GABUNG_ORANG, "penggabungan", P),
    # --- Admin desa's pages; the per-RT buku data (a family page)
    "kelola:pengguna": E(K.KELOLA_DESA),
    "kelola:pengguna_baru": E(K.KELOLA_DESA, metode=GP),
    "kelola:pengguna_ubah": E(K.KELOLA_DESA, "pengguna", GP),
    "kelola:pengguna_sandi": E(K.KELOLA_DESA, "pengguna", GP),
    "kelola:wilayah": E(K.KELOLA_DESA),
    "kelola:dusun_tambah": E(K.KELOLA_DESA, metode=GP),
    "kelola:rw_tambah": E(K.KELOLA_DESA, "dusun", GP),
    "kelola:rt_tambah": E(K.KELOLA_DESA, "rw", GP),
    "kelola:wilayah_ubah": E(K.KELOLA_DESA, "wilayah", GP),
    "kelola:wilayah_hapus": E(K.KELOLA_DESA, "wilayah", P),
    "kelola:buku_data_daftar": E(K.BACA_KELUARGA),
    "kelola:buku_data": E(K.BACA_KELUARGA, "rt"),
    # --- import and the export with names
    "impor:beranda": E(K.IMPOR, metode=GP),
    "impor:pratinjau": E(K.IMPOR, "impor"),
    "impor:simpan": E(K.IMPOR, "impor", P),
    "impor:tautan": E(K.IMPOR, "impor", P, catatan="link-or-create choices (issue 19)"),
    "impor:batal": E(K.IMPOR, "impor", P),
    "impor:templat": E(K.IMPOR, tetap={"jenis": "keluarga"}),
    "impor:ekspor_daftar": E(K.EKSPOR_NAMA, catatan="Penyuluh KB: M (NIK masked)"),
    # --- poktan
    "poktan:daftar": E(
        K.LIHAT_LAPORAN,
        catatan="groups with counts, across the scope; Kecamatan: per-desa totals, no groups",
    ),
    "poktan:kelompok_buat": E(K.TULIS_POKTAN, metode=GP, ganti={KA: 403}),
    "poktan:kelompok": E(K.DAFTAR_NAMA, "kelompok", catatan="members and invite list"),
    "poktan:kelompok_ubah": E(K.TULIS_POKTAN, "kelompok", GP, ganti=KADER_TIDAK_KELOLA),
    "poktan:anggota_tambah": E(K.TULIS_POKTAN, "kelompok", GP),
    "poktan:anggota_akhiri": E(K.TULIS_POKTAN, "keanggotaan", P),
    "poktan:pertemuan_baru": E(K.TULIS_POKTAN, "kelompok", GP),
    "poktan:pertemuan": E(K.TULIS_POKTAN, "pertemuan", GP),
    "poktan:keuangan": E(K.TULIS_POKTAN, "uppka", GP),
    "poktan:sesi_baru": E(K.TULIS_POKTAN, "posyandu", GP),
    "poktan:sesi": E(K.TULIS_POKTAN, "sesi", GP),
    "poktan:anak": E(K.BACA_KELUARGA, "anak", catatan="growth chart: a family page"),
    "poktan:anak_luar": E(K.BACA_KELUARGA, "anak_luar"),
    # --- SIGA registers K/0 and R/I (ROLES.md rows "SIGA registers ...: print" / "as Excel")
    "poktan:register": E(K.CETAK_REGISTER, "kelompok", catatan="forms by month with state"),
    "poktan:ri_cetak": E(K.CETAK_REGISTER, "kelompok", tetap=BLN),
    "poktan:ri_pdf": E(K.CETAK_REGISTER, "kelompok", tetap=BLN),
    "poktan:ri_excel": E(K.EKSPOR_REGISTER, "kelompok", tetap=BLN, catatan="Penyuluh: masked"),
    "poktan:k0_cetak": E(K.CETAK_REGISTER, "kelompok", tetap={"tahun": TAHUN}),
    "poktan:k0_pdf": E(K.CETAK_REGISTER, "kelompok", tetap={"tahun": TAHUN}),
    "poktan:k0_excel": E(K.EKSPOR_REGISTER, "kelompok", tetap={"tahun": TAHUN}),
    "poktan:tanpa_pertemuan": E(K.TULIS_POKTAN, "kelompok", P),
    "poktan:serahkan": E(K.TULIS_POKTAN, "kelompok", P),
    "poktan:kka": E(K.TULIS_POKTAN, "kelompok", GP, catatan="a BKB's Kartu Kembang Anak"),
    "poktan:kemandirian": E(K.TULIS_POKTAN, "bkl", GP),
    "poktan:pengurus": E(K.TULIS_POKTAN, "kelompok", GP, ganti=KADER_TIDAK_KELOLA),
    "poktan:jatuh_tempo": E(K.CETAK_REGISTER, catatan="groups due and late across the scope"),
    "poktan:rujukan_kka": E(K.DAFTAR_NAMA, catatan="children to refer (KKA), own groups"),
    # --- charts and maps of a month
    "grafik:halaman": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "grafik:grafik": E(
        K.LIHAT_LAPORAN,
        "desa",
        tetap={**BLN, "nama": "piramida", "fmt": "svg"},
        ganti=SATU_DESA,
    ),
    "grafik:peta_desa": E(
        K.LIHAT_LAPORAN, "desa", tetap={**BLN, "fmt": "svg"}, ganti=SATU_DESA, kueri=PETA_KB
    ),
    "grafik:peta_rt": E(
        K.LIHAT_LAPORAN, "desa_rt", tetap={**BLN, "fmt": "svg"}, ganti=SATU_DESA, kueri=PETA_KB
    ),
    # --- the monthly report, its outputs, name lists, the kecamatan sum
    "laporan:pilih": E(
        K.LIHAT_LAPORAN, ikuti=True, catatan="Kecamatan → kecamatan report; Kabupaten → its sum"
    ),
    "laporan:dasbor_awal": E(K.LIHAT_LAPORAN, ikuti=True),
    "laporan:dasbor": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:bulanan": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:bulanan_json": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:cetak": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:pdf": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:excel": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:papan": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:tutup": E(K.TUTUP_BULAN, "desa", P, tetap=BLN),
    "laporan:buka": E(K.TUTUP_BULAN, "desa", P, tetap=BLN),
    "laporan:tutup_beruntun": E(K.TUTUP_BULAN, "desa", GP, tetap=BLN),
    "laporan:daftar": E(K.DAFTAR_NAMA, "desa", tetap={**BLN, "jenis": "unmet_need"}),
    "laporan:portal": E(K.PORTAL_KAMPUNG_KB, "desa", tetap=BLN, ganti=SATU_DESA),
    "laporan:portal_kecamatan": E(
        K.PORTAL_KAMPUNG_KB, "kecamatan", tetap=BLN, ganti=KECAMATAN_SAJA
    ),
    "laporan:daftar_simpan": E(K.KEGIATAN, "desa", P, tetap={**BLN, "jenis": "unmet_need"}),
    "laporan:daftar_tersimpan": E(K.DAFTAR_NAMA, "tersimpan"),
    # --- the PUS register (issue 17 point 4): the page, print and PDF are the "print" row
    # (a kader: own regions), the Excel the "as Excel" row (Penyuluh KB masked, not the kader)
    "laporan:register_pus_pilih": E(K.CETAK_REGISTER, "desa"),
    "laporan:register_pus_wilayah": E(K.CETAK_REGISTER, "desa", tetap=THN),
    "laporan:register_pus_wilayah_cetak": E(K.CETAK_REGISTER, "desa", tetap=THN),
    "laporan:register_pus_wilayah_pdf": E(K.CETAK_REGISTER, "desa", tetap=THN),
    "laporan:register_pus_wilayah_excel": E(K.EKSPOR_REGISTER, "desa", tetap=THN),
    "laporan:register_pus": E(K.CETAK_REGISTER, "desa_rt", tetap=THN),
    "laporan:register_pus_cetak": E(K.CETAK_REGISTER, "desa_rt", tetap=THN),
    "laporan:register_pus_pdf": E(K.CETAK_REGISTER, "desa_rt", tetap=THN),
    "laporan:register_pus_excel": E(K.EKSPOR_REGISTER, "desa_rt", tetap=THN),
    "laporan:kecamatan": E(K.LIHAT_LAPORAN, "kecamatan", tetap=BLN, ganti=KECAMATAN_SAJA),
    "laporan:kecamatan_json": E(K.LIHAT_LAPORAN, "kecamatan", tetap=BLN, ganti=KECAMATAN_SAJA),
    "laporan:kabupaten": E(K.LIHAT_LAPORAN, "kabupaten", tetap=BLN, ganti=KECAMATAN_SAJA),
    "laporan:kabupaten_json": E(K.LIHAT_LAPORAN, "kabupaten", tetap=BLN, ganti=KECAMATAN_SAJA),
    "laporan:portal_kabupaten": E(
        K.PORTAL_KAMPUNG_KB, "kabupaten", tetap=BLN, ganti=KECAMATAN_SAJA
    ),
    # --- Kampung KB
    "kampungkb:pilih": E(K.LIHAT_LAPORAN, ikuti=True, ganti=SATU_DESA),
    "kampungkb:desa": E(K.LIHAT_LAPORAN, "desa", ganti=SATU_DESA),
    "kampungkb:profil": E(K.LIHAT_LAPORAN, "desa", ganti=SATU_DESA),
    "kampungkb:profil_ubah": E(K.KELOLA_DESA, "desa", GP),
    "kampungkb:pokja_tambah": E(K.KELOLA_DESA, "desa", GP),
    "kampungkb:pokja_ubah": E(K.KELOLA_DESA, "pokja", GP),
    "kampungkb:pokja_hapus": E(K.KELOLA_DESA, "pokja", P),
    "kampungkb:potensi": E(K.LIHAT_LAPORAN, "desa", ganti=SATU_DESA),
    "kampungkb:rumah_dataku": E(K.PORTAL_KAMPUNG_KB, "desa", ganti=SATU_DESA),
    "kampungkb:rumah_dataku_ubah": E(K.KELOLA_DESA, "desa", GP),
    "kampungkb:potensi_ubah": E(K.KELOLA_DESA, "desa", GP, tetap={"tahun": TAHUN}),
    "kampungkb:kegiatan_daftar": E(K.KEGIATAN, "desa"),
    "kampungkb:kegiatan_baru": E(K.KEGIATAN, "desa", GP),
    "kampungkb:kegiatan": E(K.KEGIATAN, "kegiatan"),
    "kampungkb:kegiatan_ubah": E(K.KEGIATAN, "kegiatan", GP),
    "kampungkb:kegiatan_realisasi": E(K.KEGIATAN, "kegiatan", P),
    "kampungkb:kegiatan_centang": E(K.KEGIATAN, "kegiatan", P),
    "kampungkb:foto_unggah": E(K.KEGIATAN, "kegiatan", P),
    "kampungkb:foto": E(K.FOTO_KEGIATAN, "foto", kader="desa", catatan="photos: kader Y"),
    "kampungkb:foto_hapus": E(K.KEGIATAN, "foto", P),
    "kampungkb:galeri": E(K.FOTO_KEGIATAN, "desa"),
    "kampungkb:rapat": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "kampungkb:rapat_simpan": E(K.TUTUP_BULAN, "desa", P, tetap=BLN),
    "kampungkb:rapat_agenda": E(K.TUTUP_BULAN, "desa", P, tetap=BLN),
    "kampungkb:notulen": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    "kampungkb:notulen_txt": E(K.LIHAT_LAPORAN, "desa", tetap=BLN, ganti=SATU_DESA),
    # --- offline work on the phone (luring/; ROLES.md "Offline copy on the phone …")
    "manifest": E("publik", catatan="luring/views.py: the web app manifest, no data"),
    "service_worker": E("publik", catatan="luring/views.py: the service worker, no data"),
    "luring:aplikasi": E(K.LURING),
    "luring:salinan": E(K.LURING),
    "luring:kirim": E(K.LURING, metode=P, catatan="an empty body is 400"),
    # --- family-assistance follow-up (issue 18): records "own regions; own team's area"
    "pendampingan:pilih": E(K.PENDAMPINGAN, ikuti=True),
    "pendampingan:beranda": E(K.PENDAMPINGAN, "desa"),
    "pendampingan:catin_daftar": E(K.PENDAMPINGAN, "desa"),
    "pendampingan:catin_baru": E(K.PENDAMPINGAN, "desa", GP),
    "pendampingan:catin": E(K.PENDAMPINGAN, "catin"),
    "pendampingan:catin_skrining": E(K.PENDAMPINGAN, "catin", GP),
    "pendampingan:catin_kunjungan": E(K.PENDAMPINGAN, "catin", GP),
    "pendampingan:catin_nikah": E(K.PENDAMPINGAN, "catin", GP),
    "pendampingan:hamil_daftar": E(K.PENDAMPINGAN, "desa"),
    "pendampingan:hamil_kunjungan": E(K.PENDAMPINGAN, "kehamilan", GP),
    "pendampingan:nifas": E(K.PENDAMPINGAN, "desa"),
    "pendampingan:nifas_kunjungan": E(K.PENDAMPINGAN, "anggota", GP),
    "pendampingan:rujukan_daftar": E(K.PENDAMPINGAN, "desa"),
    "pendampingan:rujukan_baru": E(K.PENDAMPINGAN, "anak", GP),
    "pendampingan:anak_kunjungan": E(K.PENDAMPINGAN, "anak", GP),
    "pendampingan:rujukan_ubah": E(K.PENDAMPINGAN, "rujukan", GP),
    "pendampingan:tim": E(K.KELOLA_DESA, "desa", GP),
    "pendampingan:tim_ubah": E(K.KELOLA_DESA, "tim", GP),
}
ADMIN = "admin"  # every pattern under the "admin" namespace: superusers only
# Admin's gate is one wrapper for every method: every persona GETs every admin URL, these POST too.
ADMIN_POST = {"anonim", "admin", "kepala_desa", "tanpa_peran"}
# The superuser (who must get in) opens a sample: the index, the login page and every list.
SUPERUSER_CONTOH = re.compile(r"^admin:(index|login|app_list|\w+_changelist)$")


# --- the URL patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pola:
    kunci: str  # "namespace:name", or "?<route>" for an unnamed pattern
    rute: str
    callback: object
    bagian: tuple  # the pattern objects from the root down, to build a sample path


def _jelajah(resolver, ns=(), bagian=()):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _jelajah(p, ns + ((p.namespace,) if p.namespace else ()), (*bagian, p))
        elif isinstance(p, URLPattern):
            rute = "".join(str(x.pattern) for x in (*bagian, p))
            kunci = ":".join((*ns, p.name)) if p.name else f"?{rute}"
            yield Pola(kunci, rute, p.callback, (*bagian, p)), ns


def _pola():
    app, admin = [], []
    for pola, ns in _jelajah(get_resolver(URLCONF)):
        (admin if ns[:1] == (ADMIN,) else app).append(pola)
    return app, admin


POLA_APP, POLA_ADMIN = _pola()


def _contoh(pola: Pola) -> str:
    """A concrete path for an admin pattern (any object id will do: the gate comes first)."""
    teks = []
    for x in pola.bagian:
        s = str(x.pattern)
        if s.startswith("^") or s.endswith("$"):  # a regex
            s = s.lstrip("^").rstrip("$")
            s = re.sub(r"\(\?P<\w+>([^()|]+\|[^()]*)\)", lambda m: m.group(1).split("|")[0], s)
            s = s.replace("(?P<url>.*)", "tidak-ada/")
            s = re.sub(r"\((?:\?P<\w+>)?[^()]*\)", "1", s)
            s = s.replace("\\", "")
        else:
            s = re.sub(r"<(?:\w+:)?\w+>", "1", s)
        teks.append(s)
    return "/" + "".join(teks)


# --- expectations -------------------------------------------------------------------------------


def _varian_desa(varian: str) -> str:
    return "B" if varian == "B" else "A"


def _di_luar(entri: Entri, p: d.Persona, varian: str | None, dunia: d.Dunia) -> bool:
    """Whether the object of this variant lies outside the persona's scope."""
    if entri.objek is None:
        return False
    if entri.objek == "kabupaten":
        # The same for a kabupaten sum; one with no desa (variant B) is outside every scope.
        return p.kader or not dunia.kabupaten[varian] or not dunia.kabupaten[varian] <= p.desa
    if entri.objek == "kecamatan":
        # A kecamatan sum is in scope only if every desa of that kecamatan is (ROLES.md: "Y =
        # allowed in scope"); a kader's regions are never a whole kecamatan.
        return p.kader or not dunia.kecamatan[varian] <= p.desa
    if _varian_desa(varian) not in p.desa:
        return True
    if p.kader and varian == "A2":
        return entri.kader != "desa"
    if p.kader and varian == "Ag":
        return entri.kader not in ("baca", "desa")
    return False


def harapan(
    entri: Entri, p: d.Persona, varian: str | None, metode: str, dunia: d.Dunia, tambah=None
) -> frozenset[str]:
    """The allowed outcomes of one request (``tambah``: the query's extra capability)."""
    if p.anonim:
        if entri.kemampuan == "publik":
            return IZIN_POST if metode == "POST" else frozenset({"200"})
        return KE_LOGIN
    izin = entri.izin or (
        IZIN_POST if metode == "POST" else IZIN_IKUTI if entri.ikuti else IZIN_GET
    )
    if entri.kemampuan in ("publik", "akun"):
        return izin
    if p.peran is None:
        return frozenset({"403"})  # ROLES.md: no role → 403 everywhere but the account page
    perlu = [k for k in (entri.kemampuan, tambah) if isinstance(k, K)]
    kurang = any(MATRIKS[k].get(p.peran) is None for k in perlu)
    ganti = entri.ganti.get(p.peran)
    if isinstance(ganti, dict):
        ganti = ganti.get(varian)
    luar = _di_luar(entri, p, varian, dunia)
    if kurang or ganti == 403:
        return frozenset({"403", "404"}) if luar else frozenset({"403"})
    if ganti is not None:
        return frozenset({str(ganti)})
    if luar:
        return frozenset({"404"})
    return izin


def harapan_admin(pola: Pola, p: d.Persona, metode: str) -> frozenset[str]:
    """Django admin: superusers only; everyone else gets a login page or a redirect to one."""
    nama = pola.kunci
    if p.superuser:
        # Anything but a login redirect or a crash (some admin pages are 403 by design: adding
        # axes records or weighings, the autocomplete without its parameters).
        return frozenset({"200", "302", "403", "404", "405"})
    if nama == "admin:login":
        return IZIN_POST if metode == "POST" else frozenset({"200"})
    if nama == "admin:logout" and not p.anonim:
        return frozenset({"302"})  # admin_view sends a non-staff user to the (gated) index
    return frozenset({"302→login", "403"})


# --- requests -----------------------------------------------------------------------------------

LOGIN_PATHS = ("/akun/masuk/", "/admin/login/")


def _kelas(r) -> str:
    if r.status_code in (301, 302, 303, 307, 308):
        tujuan = urlsplit(r["Location"]).path
        return "302→login" if tujuan in LOGIN_PATHS else "302"
    return str(r.status_code)


def minta(klien: Client, metode: str, url: str, ikuti: bool = False) -> str:
    """One request in a savepoint that is rolled back; the session cookies are kept as they were
    (a logout or a message must not reach the next request)."""
    kue = copy.deepcopy(klien.cookies)
    try:
        with transaction.atomic():
            r = klien.post(url, {}) if metode == "POST" else klien.get(url)
            hasil = _kelas(r)
            if ikuti and hasil == "302":
                hasil = "302→" + str(klien.get(r["Location"]).status_code)
            transaction.set_rollback(True)
    except Exception as e:  # a crash is a result too, named in the report
        hasil = f"galat {type(e).__name__}: {str(e)[:80]}"
    finally:
        klien.cookies = kue
    return hasil


@dataclass
class Catatan:
    """Every request of the module: (url key, persona, label, expected, got)."""

    baris: list = field(default_factory=list)
    url_selesai: set = field(default_factory=set)

    def tambah(self, kunci, persona, label, harap, dapat):
        self.baris.append((kunci, persona, label, harap, dapat))
        return dapat in harap


CATATAN = Catatan()


class Sekali:
    """A heavy renderer that runs for real once per URL, then returns a stand-in.

    The gate decides the status before anything is drawn, so each URL still renders one real PDF
    (WeasyPrint) or growth chart (matplotlib); the other allowed personas get the stand-in, which
    keeps the matrix inside its time budget. The renderers have their own tests.
    """

    def __init__(self, asli, pengganti):
        self.asli, self.pengganti, self.sudah = asli, pengganti, False

    def __call__(self, *args, **kwargs):
        if self.sudah:
            return self.pengganti(*args, **kwargs)
        self.sudah = True
        return self.asli(*args, **kwargs)


RENDER_BERAT = {
    "laporan.cetak.pdf_dari_html": lambda html: b"%PDF-1.7\n%matriks izin\n",
    "laporan.paket.lampiran_paket": lambda user, desa, laporan: ([], [], ""),
    "poktan.views.posyandu.svg_pertumbuhan": lambda indeks, jenis_kelamin, titik: "<svg></svg>",
    "poktan.register_keluaran.pdf_register": lambda isi, kertas="a4": b"%PDF-1.7\n%matriks\n",
}
SEKALI: list[Sekali] = []


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and one logged-in client per persona, rolled back after the module."""
    media = tmp_path_factory.mktemp("media")
    hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    log = logging.getLogger("django.request")  # thousands of expected 403/404 warnings
    level = log.level
    log.setLevel(logging.ERROR)
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=hasher,
            # Sessions in signed cookies: thousands of requests without a session row to read
            # and write each time (where the session lives does not change any gate).
            SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        ),
    ):
        atom = transaction.atomic()
        atom.__enter__()
        tambalan = []
        try:
            w = d.bangun()
            for sasaran, pengganti in RENDER_BERAT.items():
                modul, nama = sasaran.rsplit(".", 1)
                sekali = Sekali(getattr(importlib.import_module(modul), nama), pengganti)
                tambalan.append(mock.patch(sasaran, sekali))
                tambalan[-1].start()
                SEKALI.append(sekali)
            klien = {}
            for p in [*d.PERSONA, d.SUPERUSER]:
                klien[p.kunci] = Client()
                if not p.anonim:
                    klien[p.kunci].force_login(w.pengguna[p.kunci])
            yield w, klien
        finally:
            for t in tambalan:
                t.stop()
            SEKALI.clear()
            transaction.set_rollback(True)
            atom.__exit__(None, None, None)
            log.setLevel(level)


def _kwargs(entri: Entri, varian: str | None, w: d.Dunia) -> dict:
    tetap = {
        k: {BULAN: w.bulan, TAHUN: w.tahun}.get(v, v) if isinstance(v, str) else v
        for k, v in entri.tetap.items()
    }
    if entri.objek is None:
        return tetap
    return {**w.objek[entri.objek][varian], **tetap}


def _varian(entri: Entri, w: d.Dunia) -> list[str | None]:
    if entri.objek is None:
        return [None]
    return list(w.objek[entri.objek])


def periksa_url(kunci: str, w: d.Dunia, klien: dict) -> list[str]:
    """Request one URL as every persona; the mismatches as lines."""
    entri = ENTRI[kunci]
    salah = []
    for s in SEKALI:
        s.sudah = False
    for varian in _varian(entri, w):
        try:
            url = reverse(kunci, kwargs=_kwargs(entri, varian, w))
        except NoReverseMatch as e:
            return [f"tidak bisa mengisi URL untuk varian {varian}: {e}"]
        for p in d.PERSONA:
            for metode in entri.metode:
                permintaan = [(url, None)] + [
                    (f"{url}?{q}", k) for q, k in entri.kueri.items() if metode == "GET"
                ]
                for u, tambah in permintaan:
                    harap = harapan(entri, p, varian, metode, w, tambah)
                    dapat = minta(klien[p.kunci], metode, u, ikuti=entri.ikuti)
                    label = f"{metode} {u} [{varian or '-'}]"
                    if not CATATAN.tambah(kunci, p.kunci, label, harap, dapat):
                        salah.append(f"  {p.kunci:<12} {label}: harap {set(harap)}, dapat {dapat}")
    if entri.metode == P:
        # An action is POST only: a GET by someone allowed is 405, never a page.
        p = next(
            x
            for x in d.PERSONA
            if not x.anonim and not harapan(entri, x, "A", "POST", w) <= {"403", "404"}
        )
        url = reverse(kunci, kwargs=_kwargs(entri, "A" if entri.objek else None, w))
        dapat = minta(klien[p.kunci], "GET", url)
        if not CATATAN.tambah(kunci, p.kunci, f"GET {url}", {"405"}, dapat):
            salah.append(f"  {p.kunci:<12} GET {url}: harap 405 (aksi hanya POST), dapat {dapat}")
    CATATAN.url_selesai.add(kunci)
    return salah


# --- the tests ----------------------------------------------------------------------------------


def test_setiap_entri_tabel_punya_pola_url():
    """Entries of URLs that no longer exist are stale: remove them (or fix the name)."""
    ada = {p.kunci for p in POLA_APP}
    assert not set(ENTRI) - ada, f"entri tanpa pola URL: {sorted(set(ENTRI) - ada)}"


@pytest.mark.parametrize("pola", POLA_APP, ids=[p.kunci for p in POLA_APP])
def test_izin_url(pola: Pola, dunia, db):
    if pola.kunci.startswith("?"):
        pytest.fail(f"pola URL tanpa nama: {pola.rute} — beri nama lalu klasifikasikan di ENTRI")
    if pola.kunci not in ENTRI:
        pytest.fail(
            f"{pola.kunci} ({pola.rute}) belum diklasifikasikan: tambahkan ke ENTRI di "
            "tests/test_matriks_izin.py sesuai ROLES.md"
        )
    w, klien = dunia
    salah = periksa_url(pola.kunci, w, klien)
    assert not salah, f"{pola.kunci} ({pola.rute}) tidak sesuai ROLES.md:\n" + "\n".join(salah)


def test_izin_admin_django(dunia, db):
    """Every admin URL: superusers only; a village role never sees admin content."""
    w, klien = dunia
    salah = []
    for pola in POLA_ADMIN:
        url = _contoh(pola)
        if resolve(url).func is not pola.callback:
            salah.append(f"  contoh {url} bukan pola {pola.rute}")
            continue
        for p in [*d.PERSONA, d.SUPERUSER]:
            if p.superuser and not SUPERUSER_CONTOH.search(pola.kunci):
                continue
            for metode in GP if p.kunci in ADMIN_POST else G:
                harap = harapan_admin(pola, p, metode)
                dapat = minta(klien[p.kunci], metode, url)
                if not CATATAN.tambah(ADMIN, p.kunci, f"{metode} {url}", harap, dapat):
                    salah.append(f"  {p.kunci:<12} {metode} {url}: harap {set(harap)}, {dapat}")
    assert minta(klien["superuser"], "GET", "/admin/") == "200"
    CATATAN.url_selesai.add(ADMIN)
    assert not salah, "admin Django tidak hanya untuk superuser:\n" + "\n".join(salah)


def test_setiap_peran_dengan_akses_mendapat_200(dunia, db, capsys):
    """Every persona allowed anywhere gets at least one 200; prints the size of the matrix."""
    w, klien = dunia
    for pola in POLA_APP:  # when run alone (-k): fill in the URLs not requested yet
        if pola.kunci in ENTRI and pola.kunci not in CATATAN.url_selesai:
            periksa_url(pola.kunci, w, klien)
    boleh, dua_ratus = set(), set()
    for _k, persona, _l, harap, dapat in CATATAN.baris:
        if harap & (IZIN_GET | IZIN_POST) - {"302→login"}:
            boleh.add(persona)
        if dapat == "200":
            dua_ratus.add(persona)
    tanpa = sorted(boleh - dua_ratus)
    cocok = sum(dapat in harap for *_x, harap, dapat in CATATAN.baris)
    n_persona = len(d.PERSONA)
    ringkas = (
        f"\nMatriks izin: {len(POLA_APP)} pola URL aplikasi + {len(POLA_ADMIN)} pola admin "
        f"(satu kelompok) = {len(POLA_APP) + len(POLA_ADMIN)} pola × {n_persona} persona "
        f"(+ superuser untuk admin); {len(CATATAN.baris)} permintaan, {cocok} sesuai harapan."
    )
    with capsys.disabled():
        print(ringkas)
    if tujuan := os.environ.get("MATRIKS_IZIN_TSV"):  # the whole matrix, for review
        with open(tujuan, "w", encoding="utf-8") as berkas:
            for kunci, persona, label, harap, dapat in CATATAN.baris:
                cocok = "ok" if dapat in harap else "SALAH"
                baris = [kunci, persona, label, "|".join(sorted(harap)), dapat, cocok]
                berkas.write("\t".join(baris) + "\n")
    assert not tanpa, f"persona dengan akses tetapi tanpa satu pun 200: {tanpa}"
