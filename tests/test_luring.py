"""Offline work on a phone (issue 20, point 3), server side: the installable app's files, the
copy of the kader's scope, and records sent from the phone — saved once, conflicts kept for the
kader. The browser side (IndexedDB, service worker, offline) is tests/browser/test_luring.py."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from keluarga import kode
from keluarga import services as keluarga_services
from keluarga.akses import Peran
from keluarga.models import Anggota, Kehamilan, Keluarga, LogAkses, StatusKB
from luring import lms_json
from luring.salinan import jejak_ibu
from poktan.models import Kehadiran, Penimbangan, Pertemuan
from tests import factories as f
from tests import luring_dunia

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(desa, rt):
    return luring_dunia.buat(desa, rt)


@pytest.fixture
def kader(client, dunia):
    client.force_login(dunia["kader"])
    return client


def kirim(client, jenis, data, u=None, paksa=False):
    u = u or str(uuid.uuid4())
    r = client.post(
        reverse("luring:kirim"),
        json.dumps({"uuid": u, "jenis": jenis, "data": data, "paksa": paksa}),
        content_type="application/json",
    )
    return r, u


def sesi(dunia, tanggal=None):
    m = dunia["anggota_posyandu"]
    return {
        "kelompok": dunia["posyandu"].pk,
        "tanggal": (tanggal or timezone.localdate()).isoformat(),
        "topik": "",
        "topik_lain": "Penimbangan",
        "baris": [
            {
                "keanggotaan": m["Ani Rahmawati"].pk,
                "berat": "8.0",
                "tinggi": "70",
                "cara_ukur": "telentang",
            },
            {
                "keanggotaan": m["Bima Saputra"].pk,
                "berat": "9.6",
                "tinggi": "81.5",
                "cara_ukur": "berdiri",
            },
            {"keanggotaan": m["Citra Lestari"].pk, "berat": "9,5"},
        ],
    }


# --- the installable app -------------------------------------------------------------------------


def test_manifest_and_service_worker_are_served_from_the_root_with_cache_control_allowing_them(
    client,
):
    m = client.get("/manifest.webmanifest")
    assert m.status_code == 200 and m["Content-Type"] == "application/manifest+json"
    assert m["Cache-Control"] == "public, max-age=3600"
    assert json.loads(m.content)["start_url"] == "/luring/"
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript")
    assert sw["Cache-Control"] == "no-cache" and sw["Service-Worker-Allowed"] == "/"
    teks = sw.content.decode()
    assert 'importScripts("/static/vendor/workbox/workbox-sw.js")' in teks
    assert 'modulePathPrefix: "/static/vendor/workbox/"' in teks
    assert "http://" not in teks and "https://" not in teks  # nothing from another origin


def test_the_manifest_and_service_worker_are_exempt_from_no_store_and_the_data_is_not():
    from django.urls import resolve

    assert resolve("/manifest.webmanifest").func.rumahdataku_boleh_disimpan is True
    assert resolve("/sw.js").func.rumahdataku_boleh_disimpan is True
    for url in ("/luring/", "/luring/salinan/", "/luring/kirim/"):
        assert not getattr(resolve(url).func, "rumahdataku_boleh_disimpan", False)


def test_no_other_app_imports_the_offline_layer():
    from pathlib import Path

    akar = Path(__file__).resolve().parents[1]
    pengimpor = [
        str(p.relative_to(akar))
        for app in ("keluarga", "poktan", "laporan", "kampungkb")
        for p in (akar / app).rglob("*.py")
        if re.search(r"^\s*(from|import) luring\b", p.read_text(), re.M)
    ]
    assert pengimpor == []


def test_workbox_modules_the_worker_loads_are_vendored_with_licence_and_version():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "static" / "vendor" / "workbox"
    for nama in ("core", "precaching", "routing", "strategies"):
        assert (folder / f"workbox-{nama}.prod.js").is_file()
    assert (
        "MIT" in (folder / "LICENSE").read_text() or "Copyright" in (folder / "LICENSE").read_text()
    )
    assert "7.4.1" in (folder / "VERSION").read_text()
    assert "7.4.1" in (folder / "workbox-sw.js").read_text()


def test_csp_allows_the_service_worker_and_manifest_from_our_own_origin_only(kader):
    csp = kader.get(reverse("luring:aplikasi"))["Content-Security-Policy"]
    assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp


def test_the_phone_tables_are_exactly_what_the_server_source_generates():
    assert lms_json.BERKAS.read_text() == lms_json.teks()


@override_settings(HTTPS=False, DEBUG=False)
def test_lan_mode_without_tls_says_offline_work_is_off(kader):
    r = kader.get(reverse("luring:aplikasi"))
    assert "Kerja luring tidak aktif: server ini dibuka tanpa HTTPS" in r.content.decode()
    assert 'data-aktif="0"' in r.content.decode()


def test_with_https_the_app_page_does_not_warn(kader, settings):
    settings.HTTPS = True
    r = kader.get(reverse("luring:aplikasi"), secure=True)
    assert "data-luring-server-mati" not in r.content.decode()


# --- the copy of the scope -------------------------------------------------------------------------


def test_the_kader_copy_holds_own_groups_and_families_with_nik_masked_and_is_logged(kader, dunia):
    r = kader.get(reverse("luring:salinan"))
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    data = r.json()
    # RT A: 2 families of the mothers and children + 3 BKB families; RT B's family is outside.
    assert len(data["keluarga"]) == 5
    nama = {a["nama"] for k in data["keluarga"] for a in k["anggota"]}
    assert "Warga RT Lain" not in nama and "Sri Wahyuni" in nama
    assert sorted(g["nama"] for g in data["kelompok"]) == ["Mawar", "Melati"]
    melati = next(g for g in data["kelompok"] if g["nama"] == "Melati")
    assert len(melati["anggota"]) == 5 and melati["posyandu"] is True
    sri = dunia["ibu"]["Sri Wahyuni"]
    baris = next(a for k in data["keluarga"] for a in k["anggota"] if a["id"] == sri.pk)
    assert baris["nik"] == sri.nik[:4] + "••••••••" + sri.nik[-4:]
    assert sri.nik not in r.content.decode()
    assert baris["status_kb"]["kode"] == "suntik" and baris["status_kb"]["mulai"] == "2025-01-10"
    # The KB visit round: the two married women of 15–49 in RT A.
    assert sorted(data["daftar_hari_ini"]["kunjungan_kb"]) == sorted(
        [sri.pk, dunia["ibu"]["Yuliana"].pk]
    )
    log = LogAkses.objects.get()
    assert log.jenis == LogAkses.Jenis.LURING and log.user == dunia["kader"]
    assert log.objek == "salinan luring: 5 keluarga, 2 kelompok"


def test_each_download_writes_one_access_log_row(kader):
    kader.get(reverse("luring:salinan"))
    kader.get(reverse("luring:salinan"))
    assert LogAkses.objects.filter(jenis=LogAkses.Jenis.LURING).count() == 2


@pytest.mark.parametrize("peran", [Peran.KEPALA_DESA, Peran.KECAMATAN])
def test_roles_without_the_offline_copy_are_refused(client, desa, peran):
    client.force_login(f.persona(peran, desa=desa, kecamatan_kode=desa.kode[:6]))
    assert client.get(reverse("luring:salinan")).status_code == 403
    assert client.get(reverse("luring:aplikasi")).status_code == 403
    assert LogAkses.objects.count() == 0


def test_the_copy_is_read_with_a_fixed_number_of_queries(
    kader, dunia, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        kader.get(reverse("luring:salinan"))


# --- sending: saved once ---------------------------------------------------------------------------


def test_a_posyandu_session_sent_twice_is_saved_once_with_the_servers_z_scores(kader, dunia):
    data = sesi(dunia)
    r1, u = kirim(kader, "posyandu", data)
    assert r1.status_code == 201 and r1.json()["status"] == "tersimpan"
    r2, _ = kirim(kader, "posyandu", data, u=u)
    assert r2.status_code == 200 and r2.json()["status"] == "sudah"
    p = Pertemuan.objects.get(uuid_luring=u)
    assert p.kelompok == dunia["posyandu"] and p.dicatat_oleh == dunia["kader"]
    assert Penimbangan.objects.filter(pertemuan=p).count() == 3
    # Bima, 800 days, 81.5 cm standing: tests/browser/test_poktan.py's hand-checked figures.
    bima = Penimbangan.objects.get(anggota=dunia["anak"]["Bima Saputra"])
    assert (bima.z_bb_u, bima.z_tb_u, bima.z_bb_tb) == (
        Decimal("-2.36"),
        Decimal("-2.36"),
        Decimal("-1.54"),
    )
    assert Penimbangan.objects.get(anggota=dunia["anak"]["Citra Lestari"]).berat_kg == Decimal(
        "9.5"
    )


def test_a_bkb_meeting_with_attendance_sent_twice_is_saved_once(kader, dunia):
    m = dunia["anggota_bkb"]
    data = {
        "kelompok": dunia["bkb"].pk,
        "tanggal": timezone.localdate().isoformat(),
        "topik_lain": "Stunting",
        "hadir": [m["Agus Salim"].pk, m["Dedi Kurniawan"].pk],
    }
    _r, u = kirim(kader, "pertemuan", data)
    kirim(kader, "pertemuan", data, u=u)
    p = Pertemuan.objects.get()
    assert p.uuid_luring == uuid.UUID(u)
    assert set(Kehadiran.objects.filter(pertemuan=p).values_list("keanggotaan_id", flat=True)) == {
        m["Agus Salim"].pk,
        m["Dedi Kurniawan"].pk,
    }


def test_a_kb_visit_sent_twice_is_saved_once_and_ends_the_previous_status(kader, dunia):
    sri = dunia["ibu"]["Sri Wahyuni"]
    lama = StatusKB.objects.get(anggota=sri)
    data = {"anggota": sri.pk, "kode": "implan", "mulai": "2026-11-02", "status_id": lama.pk}
    r, u = kirim(kader, "kunjungan_kb", data)
    assert r.status_code == 201
    kirim(kader, "kunjungan_kb", data, u=u)
    assert StatusKB.objects.filter(anggota=sri).count() == 2
    lama.refresh_from_db()
    assert lama.selesai == dt.date(2026, 11, 2)
    assert StatusKB.objects.get(uuid_luring=u).metode == "implan"


def test_a_pregnancy_and_a_birth_sent_twice_are_saved_once(kader, dunia):
    yuli = dunia["ibu"]["Yuliana"]
    hamil = {"ibu": yuli.pk, "hpht": "2026-05-01", "jejak": jejak_ibu(yuli)}
    _r, u = kirim(kader, "kehamilan", hamil)
    kirim(kader, "kehamilan", hamil, u=u)
    assert Kehamilan.objects.filter(ibu=yuli, uuid_luring=u).count() == 1
    yuli.refresh_from_db()
    lahir = {
        "ibu": yuli.pk,
        "tanggal": timezone.localdate().isoformat(),
        "nama": "Bayi Yuliana",
        "jk": "L",
        "jejak": jejak_ibu(yuli),
    }
    r, u2 = kirim(kader, "kelahiran", lahir)
    assert r.status_code == 201, r.json()
    kirim(kader, "kelahiran", lahir, u=u2)
    bayi = Anggota.objects.get(nama="Bayi Yuliana")
    assert bayi.uuid_luring == uuid.UUID(u2) and bayi.ibu == yuli
    assert Kehamilan.objects.get(ibu=yuli).selesai == timezone.localdate()


# --- sending: conflicts are the kader's decision ---------------------------------------------------


def test_a_weighing_of_a_child_who_died_or_left_or_was_weighed_that_day_is_a_conflict(kader, dunia):
    hari_ini = timezone.localdate()
    dunia["anak"]["Ani Rahmawati"].status_hidup = kode.StatusHidup.MENINGGAL
    dunia["anak"]["Ani Rahmawati"].save()
    keluar = dunia["anggota_posyandu"]["Bima Saputra"]
    keluar.selesai = hari_ini
    keluar.save()
    r0, _ = kirim(kader, "posyandu", {**sesi(dunia), "baris": sesi(dunia)["baris"][2:]})
    assert r0.status_code == 201  # Citra weighed today at another session
    r, u = kirim(kader, "posyandu", sesi(dunia))
    assert r.status_code == 409
    alasan = {a["nama"]: a["alasan"] for a in r.json()["alasan"]}
    assert alasan == {
        "Ani Rahmawati": "tercatat meninggal",
        "Bima Saputra": "sudah keluar dari posyandu ini",
        "Citra Lestari": "sudah ditimbang pada tanggal itu",
    }
    assert not Pertemuan.objects.filter(uuid_luring=u).exists()
    # The kader leaves out two and keeps Bima's weighing anyway.
    lewati = [dunia["anggota_posyandu"][n].pk for n in ("Ani Rahmawati", "Citra Lestari")]
    r2, _ = kirim(kader, "posyandu", {**sesi(dunia), "lewati": lewati}, u=u, paksa=True)
    assert r2.status_code == 201
    p = Pertemuan.objects.get(uuid_luring=u)
    assert list(p.penimbangan_set.values_list("anggota__nama", flat=True)) == ["Bima Saputra"]


def test_a_kb_visit_whose_status_changed_after_the_copy_is_a_conflict_until_the_kader_decides(
    kader, dunia
):
    sri = dunia["ibu"]["Sri Wahyuni"]
    lama = StatusKB.objects.get(anggota=sri)
    keluarga_services.set_status_kb(anggota=sri, mulai=dt.date(2026, 10, 1), metode="pil")
    data = {"anggota": sri.pk, "kode": "implan", "mulai": "2026-11-02", "status_id": lama.pk}
    r, u = kirim(kader, "kunjungan_kb", data)
    assert r.status_code == 409
    assert r.json()["alasan"][0]["alasan"] == (
        "status KB-nya sudah diubah di server (sekarang: Pil)"
    )
    assert StatusKB.objects.filter(anggota=sri).count() == 2
    r2, _ = kirim(kader, "kunjungan_kb", data, u=u, paksa=True)
    assert r2.status_code == 201
    assert StatusKB.objects.get(anggota=sri, selesai__isnull=True).metode == "implan"


def test_a_pregnancy_whose_mother_changed_after_the_copy_is_a_conflict(kader, dunia):
    yuli = dunia["ibu"]["Yuliana"]
    jejak = jejak_ibu(yuli)
    yuli.nama = "Yuliana Sari"
    yuli.save()
    r, _ = kirim(kader, "kehamilan", {"ibu": yuli.pk, "hpht": "2026-05-01", "jejak": jejak})
    assert r.status_code == 409
    assert r.json()["alasan"] == [
        {
            "anggota": yuli.pk,
            "nama": "Yuliana Sari",
            "alasan": "data ibu ini sudah diubah di server sejak salinan diunduh",
        }
    ]
    assert not Kehamilan.objects.exists()


def test_a_family_edit_sent_twice_is_saved_once_and_bumps_the_version(kader, dunia):
    kel = dunia["keluarga"][0]
    data = {"keluarga": kel.pk, "versi": kel.versi, "ubah": {"jamban": "bersama", "lantai": ""}}
    r, u = kirim(kader, "keluarga", data)
    assert r.status_code == 201, r.json()
    r2, _ = kirim(kader, "keluarga", data, u=u)
    assert r2.json()["status"] == "sudah"
    kel.refresh_from_db()
    assert (kel.jamban, kel.versi, kel.uuid_luring) == ("bersama", 1, uuid.UUID(u))


def test_a_family_edit_on_an_outdated_version_is_a_conflict_until_the_kader_decides(kader, dunia):
    kel = dunia["keluarga"][0]
    keluarga_services.kunci_versi(keluarga=kel, versi=0)  # someone saved the family meanwhile
    data = {"keluarga": kel.pk, "versi": 0, "ubah": {"jamban": "bersama"}}
    r, u = kirim(kader, "keluarga", data)
    assert r.status_code == 409
    assert r.json()["alasan"][0]["alasan"] == (
        "data keluarga ini sudah diubah di server sejak salinan diunduh"
    )
    kel.refresh_from_db()
    assert kel.jamban == ""
    r2, _ = kirim(kader, "keluarga", data, u=u, paksa=True)
    assert r2.status_code == 201
    kel.refresh_from_db()
    assert (kel.jamban, kel.versi) == ("bersama", 2)


def test_a_record_the_services_refuse_comes_back_with_their_indonesian_message(kader, dunia):
    besok = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    r, _ = kirim(
        kader,
        "kunjungan_kb",
        {"anggota": dunia["ibu"]["Yuliana"].pk, "kode": "pil", "mulai": besok},
    )
    assert r.status_code == 400 and r.json()["status"] == "ditolak"
    assert any("masa depan" in p or "hari ini" in p for p in r.json()["pesan"]), r.json()


def test_records_outside_the_kaders_scope_are_refused_by_the_gate(kader, dunia):
    r, _ = kirim(
        kader, "kunjungan_kb", {"anggota": dunia["luar"].pk, "kode": "pil", "mulai": "2026-11-02"}
    )
    assert r.status_code == 404
    assert not StatusKB.objects.filter(anggota=dunia["luar"]).exists()


def test_a_malformed_send_is_refused_in_indonesian(kader):
    r = kader.post(reverse("luring:kirim"), "bukan json", content_type="application/json")
    assert r.status_code == 400 and r.json()["pesan"] == ["Kiriman tidak terbaca."]
    r = kader.post(reverse("luring:kirim"), {"uuid": "x"})  # a form, not JSON
    assert r.status_code == 400 and r.json()["pesan"] == ["Kiriman tidak terbaca."]
    r, _ = kirim(kader, "entah", {})
    assert r.json()["pesan"] == ["Jenis catatan tidak dikenal."]


def test_phone_made_ids_are_unique_columns_empty_on_existing_rows(dunia):
    assert StatusKB.objects.filter(uuid_luring__isnull=True).count() == StatusKB.objects.count()
    for model in (Pertemuan, StatusKB, Kehamilan, Anggota, Keluarga):
        field = model._meta.get_field("uuid_luring")
        assert field.null and field.unique


def test_the_waiting_count_other_pages_include_links_to_the_app_and_warns_without_tls():
    from django.template.loader import render_to_string

    html = render_to_string("luring/_antrean.html")
    assert "Menunggu dikirim: <strong data-antrean-jumlah>0</strong> catatan" in html
    assert 'href="/luring/"' in html and "/static/luring/db.js" in html
    assert "data-luring-mati hidden" in html  # shown by db.js outside a secure context
