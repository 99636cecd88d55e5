"""Stored duplicate candidates (issue 19): refresh, dismissal for good, scope, the command, the
member-save hook and the report count. Hand-built people, never the demo."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from keluarga import ganda, kode, services
from keluarga.akses import Peran
from keluarga.models import LogAkses, PasanganGanda
from tests import factories as f

P, L = kode.JenisKelamin.PEREMPUAN, kode.JenisKelamin.LAKI_LAKI
LAHIR = dt.date(1990, 3, 14)


@pytest.fixture
def desa_ganda(db):
    """RT 1: Siti Aminah (NIK) in KK 1 and "St. Aminah" (no NIK) in KK 2 — one pair inside RT 1.
    RT 2: "Moh. Rofiq" whose NIK is one digit from Muhammad Rofiq's of RT 1 — a pair across RTs.
    Plus two women named Sri Wahyuni of different ages (never a pair)."""
    desa = f.DesaFactory(kode="3326012001")
    rt1 = f.RTFactory(rw__dusun__desa=desa, nomor="001")
    rt2 = f.RTFactory(rw=rt1.rw, nomor="002")
    k1, k2 = (f.KeluargaFactory(rumah__rt=rt1, desa=desa) for _ in range(2))
    k3 = f.KeluargaFactory(rumah__rt=rt2, desa=desa)
    siti = f.AnggotaFactory(keluarga=k1, nama="Siti Aminah", jenis_kelamin=P, tanggal_lahir=LAHIR)
    st = f.AnggotaFactory(
        keluarga=k2, nama="St. Aminah", jenis_kelamin=P, tanggal_lahir=LAHIR, nik=None
    )
    rofiq = f.AnggotaFactory(
        keluarga=k1, nama="Muhammad Rofiq", jenis_kelamin=L, tanggal_lahir=dt.date(1985, 6, 1)
    )
    moh = f.AnggotaFactory(
        keluarga=k3,
        nama="Moh. Rofiq",
        jenis_kelamin=L,
        tanggal_lahir=dt.date(1985, 6, 1),
        nik=rofiq.nik[:-1] + str((int(rofiq.nik[-1]) + 1) % 10),
    )
    f.AnggotaFactory(keluarga=k1, nama="Sri Wahyuni", tanggal_lahir=dt.date(1960, 1, 5))
    f.AnggotaFactory(keluarga=k3, nama="Sri Wahyuni", tanggal_lahir=dt.date(1995, 8, 9))
    return {
        "desa": desa,
        "rt1": rt1,
        "rt2": rt2,
        "siti": siti,
        "st": st,
        "rofiq": rofiq,
        "moh": moh,
    }


def _kunci(qs):
    return {(p.anggota_a_id, p.anggota_b_id) for p in qs}


def _pasang(a, b):
    return (min(a.pk, b.pk), max(a.pk, b.pk))


def test_refresh_stores_the_two_pairs_with_reasons(desa_ganda, django_assert_max_num_queries):
    d = desa_ganda
    with django_assert_max_num_queries(8):  # one read of the people, whatever their number
        hasil = ganda.segarkan(d["desa"].pk)
    assert hasil["baru"] == 2
    qs = PasanganGanda.objects.filter(desa=d["desa"])
    assert _kunci(qs) == {_pasang(d["siti"], d["st"]), _pasang(d["rofiq"], d["moh"])}
    p = qs.get(anggota_a=min(d["rofiq"].pk, d["moh"].pk))
    assert p.alasan == "NIK beda 1 angka · nama sama · tanggal lahir sama"
    assert p.skor == 1.0


def test_a_dismissed_pair_stays_dismissed_and_a_pair_that_no_longer_matches_goes(desa_ganda):
    d = desa_ganda
    ganda.segarkan(d["desa"].pk)
    admin = f.persona(Peran.ADMIN_DESA, desa=d["desa"])
    p = PasanganGanda.objects.get(anggota_a=min(d["siti"].pk, d["st"].pk))
    ganda.tolak(pasangan=p, oleh=admin)
    ganda.segarkan(d["desa"].pk)
    p.refresh_from_db()
    assert p.status == PasanganGanda.Status.BUKAN and p.ditolak_oleh == admin and p.ditolak_pada
    assert ganda.hitung_kandidat([d["desa"].pk]) == 1
    # Moh. Rofiq's birth date corrected to another year: no longer a candidate, the open pair
    # goes on the next refresh.
    d["moh"].tanggal_lahir = dt.date(1979, 2, 2)
    d["moh"].save()
    ganda.segarkan(d["desa"].pk)
    assert ganda.hitung_kandidat([d["desa"].pk]) == 0
    assert PasanganGanda.objects.filter(desa=d["desa"]).count() == 1  # the dismissed one


def test_adding_a_member_refreshes_only_that_persons_blocks(desa_ganda):
    d = desa_ganda
    assert not PasanganGanda.objects.exists()
    baru = services.tambah_anggota(
        keluarga=d["siti"].keluarga,
        nama="Hj. Siti Aminah",
        jenis_kelamin=P,
        tanggal_lahir=LAHIR,
        hubungan=kode.HubunganKK.FAMILI_LAIN,
    )
    # The new person pairs with both Siti Aminah and St. Aminah; the pair of those two (not
    # involving the saved person) waits for the whole-desa refresh.
    assert _kunci(PasanganGanda.objects.all()) == {
        _pasang(baru, d["siti"]),
        _pasang(baru, d["st"]),
    }
    services.catat_kematian(anggota=baru, tanggal=dt.date(2026, 1, 1))
    assert not PasanganGanda.objects.exists()  # a dead person is no longer matched


def test_the_kader_sees_a_pair_only_when_both_people_are_in_their_regions(desa_ganda, client):
    d = desa_ganda
    ganda.segarkan(d["desa"].pk)
    kader = f.persona(Peran.KADER, desa=d["desa"], rt=[d["rt1"]])
    operator = f.persona(Peran.OPERATOR, desa=d["desa"])
    lintas = PasanganGanda.objects.get(anggota_a=min(d["rofiq"].pk, d["moh"].pk))

    client.force_login(kader)
    isi = client.get(reverse("kualitas:ganda")).content.decode()
    assert "St. Aminah" in isi and "Siti Aminah" in isi
    # Rofiq lives in the kader's RT, Moh. Rofiq in RT 2: neither name nor NIK of the pair.
    assert "Rofiq" not in isi and d["moh"].nik[-4:] not in isi
    isi = client.get(reverse("kualitas:daftar")).content.decode()
    assert "Rofiq" not in isi and "St. Aminah" in isi
    assert client.post(reverse("kualitas:ganda_tolak", args=[lintas.pk])).status_code == 404
    lintas.refresh_from_db()
    assert lintas.status == PasanganGanda.Status.TERBUKA

    client.force_login(operator)
    isi = client.get(reverse("kualitas:ganda")).content.decode()
    assert "Moh. Rofiq" in isi and "NIK beda 1 angka" in isi
    r = client.post(reverse("kualitas:ganda_tolak", args=[lintas.pk]))
    assert r.status_code == 302
    lintas.refresh_from_db()
    assert lintas.status == PasanganGanda.Status.BUKAN and lintas.ditolak_oleh == operator


def test_the_command_prints_json_with_masked_niks_and_logs_full_niks(desa_ganda, capsys):
    d = desa_ganda
    call_command("cari_ganda", "--desa", d["desa"].kode, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 2
    baris = next(x for x in data if d["moh"].pk in x["anggota"])
    assert sorted(baris["anggota"]) == sorted([d["rofiq"].pk, d["moh"].pk])
    assert baris["skor"] == 1.0 and "NIK beda 1 angka" in baris["alasan"]
    assert all("•" in n for n in baris["nik"]) and d["moh"].nik not in json.dumps(data)
    assert not LogAkses.objects.filter(jenis=LogAkses.Jenis.NIK_PENUH).exists()

    call_command("cari_ganda", "--desa", d["desa"].kode, "--format", "json", "--nik-penuh")
    data = json.loads(capsys.readouterr().out)
    assert d["moh"].nik in json.dumps(data)
    log = LogAkses.objects.get(jenis=LogAkses.Jenis.NIK_PENUH)
    assert "cari_ganda" in log.objek and d["moh"].nik not in log.objek


def test_the_report_counts_open_pairs_per_desa_and_per_area(desa_ganda):
    from laporan import services as laporan_services
    from laporan.wilayah import wilayah_kader

    d = desa_ganda
    ganda.segarkan(d["desa"].pk)
    hari = timezone.localdate()
    r = laporan_services.laporan_hidup(d["desa"], hari.year, hari.month, dengan_lalu=False)
    assert r["kualitas_data"]["kandidat_ganda"] == 2
    assert r["kualitas_data"]["kemungkinan_ganda"] == 0  # DOMAIN.md: same normalised name
    w = wilayah_kader(d["desa"], [d["rt1"].pk])
    r = laporan_services.laporan_hidup(
        d["desa"], hari.year, hari.month, dengan_lalu=False, wilayah=w
    )
    assert r["kualitas_data"]["kandidat_ganda"] == 1  # the RT 1 pair only


def _datang(client, kel, **ubah):
    data = {
        "tanggal": "2026-02-01",
        "nik": "",
        "nama": "Sitti Aminah",
        "jenis_kelamin": P,
        "tanggal_lahir": LAHIR.isoformat(),
        "hubungan": "3",
        "status_kawin": "kawin",
        "keberadaan": "di_dalam",
        "versi": kel.versi,
        **ubah,
    }
    return client.post(reverse("keluarga:datang", args=[kel.pk]), data)


def test_at_the_door_a_move_in_that_likely_is_someone_recorded_asks_once(desa_ganda, client):
    """The married woman recorded again in her husband's KK: the form names the likely person
    (in scope) and offers to use her; choosing her moves her, choosing "baru" creates one."""
    d = desa_ganda
    operator = f.persona(Peran.OPERATOR, desa=d["desa"])
    client.force_login(operator)
    suami = d["rofiq"].keluarga  # KK 1 has Siti Aminah; the entry goes to KK 3 (RT 2)
    tujuan = d["moh"].keluarga
    jumlah = d["desa"].anggota_set.count()

    r = _datang(client, tujuan)
    assert r.status_code == 200
    isi = r.content.decode()
    assert "mirip orang yang sudah tercatat" in isi
    assert "Siti Aminah" in isi and "St. Aminah" in isi  # both likely people, with reasons
    assert d["desa"].anggota_set.count() == jumlah

    r = _datang(client, tujuan, pakai=str(d["siti"].pk))
    assert r.status_code == 302
    d["siti"].refresh_from_db()
    assert d["siti"].keluarga_id == tujuan.pk and d["siti"].hubungan == "3"
    assert d["desa"].anggota_set.count() == jumlah  # linked, not created
    assert suami.pk != tujuan.pk

    tujuan.refresh_from_db()
    r = _datang(client, tujuan, nama="Sri Wahyuni", tanggal_lahir="1960-01-05", pakai="baru")
    assert r.status_code == 302
    assert d["desa"].anggota_set.count() == jumlah + 1


def test_at_the_door_a_kader_is_never_told_of_someone_outside_their_regions(desa_ganda, client):
    d = desa_ganda
    kader = f.persona(Peran.KADER, desa=d["desa"], rt=[d["rt2"]])
    client.force_login(kader)
    tujuan = d["moh"].keluarga  # RT 2; Siti Aminah and St. Aminah live in RT 1
    r = _datang(client, tujuan)
    assert r.status_code == 302  # no warning: the likely people are outside the kader's RT
    assert tujuan.anggota_set.filter(nama="Sitti Aminah").exists()


def test_the_family_form_warns_after_saving_an_edited_member_who_likely_is_someone_recorded(
    desa_ganda, client
):
    """An existing member edited into a likely duplicate is not asked about (only new rows are):
    the save warns afterwards, pointing to the review page."""
    from tests.test_views_keluarga import _edit_data

    d = desa_ganda
    client.force_login(f.persona(Peran.OPERATOR, desa=d["desa"]))
    kel = d["moh"].keluarga  # KK 3 (RT 2): Moh. Rofiq and the younger Sri Wahyuni
    data = _edit_data(kel)
    i = next(n for n in range(2) if data[f"agt-{n}-nama"] == "Sri Wahyuni")
    data.update({f"agt-{i}-nama": "Siti Aminah", f"agt-{i}-tanggal_lahir": LAHIR.isoformat()})
    data[f"agt-{i}-nik"] = ""
    r = client.post(reverse("keluarga:ubah", args=[kel.pk]), data, follow=True)
    pesan = [str(m) for m in r.context["messages"]]
    assert any("Mungkin sudah tercatat" in m and "St. Aminah" in m for m in pesan), pesan


# At the door: the family form's new member rows (keluarga:buat and keluarga:ubah).

ROFIQ_LAGI = {
    "nik": "",
    "nama": "Moch. Rofiq",
    "jenis_kelamin": L,
    "tanggal_lahir": "1985-06-01",
    "hubungan": "1",
    "status_kawin": "kawin",
}
NO_KK_BARU = "3326010101250009"


def _buat(client, rt, **ubah):
    from tests.test_views_keluarga import data_keluarga

    baris = {**ROFIQ_LAGI, **ubah}
    return client.post(
        reverse("keluarga:buat"), data_keluarga(rt, no_kk=NO_KK_BARU, anggota=[baris])
    )


def test_at_the_door_a_new_family_row_that_likely_is_someone_recorded_asks_before_saving(
    desa_ganda, client
):
    d = desa_ganda
    client.force_login(f.persona(Peran.OPERATOR, desa=d["desa"]))
    desa = d["desa"]
    orang, kk = desa.anggota_set.count(), desa.keluarga_set.count()

    r = _buat(client, d["rt2"])
    assert r.status_code == 200
    isi = r.content.decode()
    assert "mirip orang yang sudah tercatat" in isi
    assert "Muhammad Rofiq" in isi and "Moh. Rofiq" in isi  # both likely people, in scope
    assert (desa.anggota_set.count(), desa.keluarga_set.count()) == (orang, kk)  # nothing saved

    r = _buat(client, d["rt2"], pakai=str(d["rofiq"].pk))
    assert r.status_code == 302
    kel = desa.keluarga_set.get(no_kk=NO_KK_BARU)
    d["rofiq"].refresh_from_db()
    assert d["rofiq"].keluarga_id == kel.pk and d["rofiq"].hubungan == "1"
    assert (desa.anggota_set.count(), desa.keluarga_set.count()) == (orang, kk + 1)  # linked
    assert list(kel.anggota_set.values_list("pk", flat=True)) == [d["rofiq"].pk]
    assert d["rofiq"].peristiwa_set.filter(jenis=kode.JenisPeristiwa.PINDAH_KK).count() == 1


def test_at_the_door_baru_creates_the_family_row(desa_ganda, client):
    d = desa_ganda
    client.force_login(f.persona(Peran.OPERATOR, desa=d["desa"]))
    orang = d["desa"].anggota_set.count()
    r = _buat(client, d["rt2"], pakai="baru")
    assert r.status_code == 302
    assert d["desa"].anggota_set.count() == orang + 1
    kel = d["desa"].keluarga_set.get(no_kk=NO_KK_BARU)
    assert list(kel.anggota_set.values_list("nama", flat=True)) == ["Moch. Rofiq"]
    d["rofiq"].refresh_from_db()
    assert d["rofiq"].keluarga_id != kel.pk


def test_at_the_door_no_question_without_a_likely_match(desa_ganda, client):
    d = desa_ganda
    client.force_login(f.persona(Peran.OPERATOR, desa=d["desa"]))
    orang = d["desa"].anggota_set.count()
    r = _buat(client, d["rt2"], nama="Bambang Hermanto", tanggal_lahir="1970-11-20")
    assert r.status_code == 302
    assert d["desa"].anggota_set.count() == orang + 1


def test_at_the_door_the_family_form_names_no_one_outside_the_kaders_regions(desa_ganda, client):
    d = desa_ganda
    client.force_login(f.persona(Peran.KADER, desa=d["desa"], rt=[d["rt2"]]))
    orang = d["desa"].anggota_set.count()
    # Sitti Aminah likely is Siti Aminah or St. Aminah, both in RT 1: never proposed or named.
    r = _buat(
        client,
        d["rt2"],
        nama="Sitti Aminah",
        jenis_kelamin=P,
        tanggal_lahir=LAHIR.isoformat(),
        pakai=str(d["siti"].pk),  # a forged answer is not taken either
    )
    assert r.status_code == 302
    assert d["desa"].anggota_set.count() == orang + 1
    d["siti"].refresh_from_db()
    assert d["siti"].keluarga.rumah.rt_id == d["rt1"].pk


def test_at_the_door_a_new_row_on_the_edit_form_links_the_existing_person(desa_ganda, client):
    from tests.test_views_keluarga import _edit_data

    d = desa_ganda
    client.force_login(f.persona(Peran.OPERATOR, desa=d["desa"]))
    kel = d["moh"].keluarga  # KK 3: Moh. Rofiq and Sri Wahyuni
    asal = d["siti"].keluarga
    baris = {
        "nik": "",
        "nama": "Sitti Aminah",
        "jenis_kelamin": P,
        "tanggal_lahir": LAHIR.isoformat(),
        "hubungan": "3",
        "status_kawin": "kawin",
        "keberadaan": "di_dalam",
    }
    data = _edit_data(kel)
    n = int(data["agt-TOTAL_FORMS"])
    data.update({f"agt-{n}-{k}": v for k, v in baris.items()})
    data["agt-TOTAL_FORMS"] = str(n + 1)
    orang = d["desa"].anggota_set.count()

    r = client.post(reverse("keluarga:ubah", args=[kel.pk]), data)
    assert r.status_code == 200
    isi = r.content.decode()
    assert "mirip orang yang sudah tercatat" in isi and "Siti Aminah" in isi
    assert kel.anggota_set.count() == 2 and d["desa"].anggota_set.count() == orang

    data[f"agt-{n}-pakai"] = str(d["siti"].pk)
    r = client.post(reverse("keluarga:ubah", args=[kel.pk]), data)
    assert r.status_code == 302
    d["siti"].refresh_from_db()
    assert d["siti"].keluarga_id == kel.pk and d["siti"].hubungan == "3"
    assert kel.anggota_set.count() == 3 and d["desa"].anggota_set.count() == orang
    assert not asal.anggota_set.filter(pk=d["siti"].pk).exists()


# At the door: the birth form.

BAYI = dt.date(2025, 5, 10)


@pytest.fixture
def bayi(desa_ganda):
    """Family A (RT 2) with the mother Dewi; her son Ahmad Fauzi already entered without a NIK
    in family B (RT 1, say by the posyandu under the grandmother's KK)."""
    d = desa_ganda
    a = f.KeluargaFactory(rumah__rt=d["rt2"], desa=d["desa"])
    b = f.KeluargaFactory(rumah__rt=d["rt1"], desa=d["desa"])
    ibu = f.AnggotaFactory(
        keluarga=a, nama="Dewi Lestari", jenis_kelamin=P, tanggal_lahir=dt.date(1998, 2, 2)
    )
    anak = f.AnggotaFactory(
        keluarga=b, nama="Ahmad Fauzi", jenis_kelamin=L, tanggal_lahir=BAYI, nik=None, hubungan="4"
    )
    return {**d, "a": a, "b": b, "ibu": ibu, "anak": anak}


def _lahir(client, kel, follow=False, **ubah):
    kel.refresh_from_db()
    data = {
        "tanggal": BAYI.isoformat(),
        "nama": "Ahmad Fauzi",
        "jenis_kelamin": L,
        "versi": kel.versi,
        **ubah,
    }
    return client.post(reverse("keluarga:lahir", args=[kel.pk]), data, follow=follow)


def test_at_the_door_a_birth_of_a_child_already_recorded_asks_once(bayi, client):
    client.force_login(f.persona(Peran.OPERATOR, desa=bayi["desa"]))
    orang = bayi["desa"].anggota_set.count()

    r = _lahir(client, bayi["a"], ibu=str(bayi["ibu"].pk))
    assert r.status_code == 200
    isi = r.content.decode()
    assert "mirip anak yang sudah tercatat" in isi and "Ahmad Fauzi" in isi
    assert "Ya, anak ini sudah tercatat: pakai data itu" in isi
    assert "Bukan, catat kelahiran baru" in isi
    assert bayi["desa"].anggota_set.count() == orang

    hamil = services.catat_kehamilan(ibu=bayi["ibu"], hpht=dt.date(2024, 8, 5))
    r = _lahir(client, bayi["a"], ibu=str(bayi["ibu"].pk), pakai=str(bayi["anak"].pk))
    assert r.status_code == 302
    bayi["anak"].refresh_from_db()
    assert bayi["anak"].keluarga_id == bayi["a"].pk and bayi["anak"].hubungan == "4"
    assert bayi["anak"].ibu_id == bayi["ibu"].pk  # the mother the record lacked
    hamil.refresh_from_db()
    assert (hamil.selesai, hamil.hasil) == (BAYI, kode.HasilKehamilan.LAHIR)
    assert bayi["desa"].anggota_set.count() == orang  # linked, not created
    assert not bayi["anak"].peristiwa_set.filter(jenis=kode.JenisPeristiwa.LAHIR).exists()
    pesan = [
        str(m)
        for m in client.get(reverse("keluarga:detail", args=[bayi["a"].pk])).context["messages"]
    ]
    assert any("sudah tercatat di keluarga lain" in m for m in pesan), pesan

    # Asked again (the child now is in this family): using the record creates nothing.
    r = _lahir(client, bayi["a"], ibu=str(bayi["ibu"].pk), pakai=str(bayi["anak"].pk), follow=True)
    pesan = [str(m) for m in r.context["messages"]]
    assert any("Ahmad Fauzi sudah tercatat di keluarga ini" in m for m in pesan), pesan
    assert bayi["desa"].anggota_set.count() == orang


def test_at_the_door_baru_records_a_new_birth(bayi, client):
    client.force_login(f.persona(Peran.OPERATOR, desa=bayi["desa"]))
    orang = bayi["desa"].anggota_set.count()
    r = _lahir(client, bayi["a"], ibu=str(bayi["ibu"].pk), pakai="baru")
    assert r.status_code == 302
    assert bayi["desa"].anggota_set.count() == orang + 1
    assert bayi["a"].anggota_set.filter(nama="Ahmad Fauzi", ibu=bayi["ibu"]).count() == 1
    bayi["anak"].refresh_from_db()
    assert bayi["anak"].keluarga_id == bayi["b"].pk


def test_at_the_door_a_birth_without_a_likely_match_is_recorded_at_once(bayi, client):
    client.force_login(f.persona(Peran.OPERATOR, desa=bayi["desa"]))
    orang = bayi["desa"].anggota_set.count()
    r = _lahir(client, bayi["a"], nama="Putri Ayu", jenis_kelamin=P)
    assert r.status_code == 302
    assert bayi["desa"].anggota_set.count() == orang + 1


def test_at_the_door_the_birth_form_names_no_child_outside_the_kaders_regions(bayi, client):
    client.force_login(f.persona(Peran.KADER, desa=bayi["desa"], rt=[bayi["rt2"]]))
    orang = bayi["desa"].anggota_set.count()
    r = _lahir(client, bayi["a"], ibu=str(bayi["ibu"].pk), pakai=str(bayi["anak"].pk))
    assert r.status_code == 302  # the recorded child lives in RT 1: never proposed, forged or not
    assert bayi["desa"].anggota_set.count() == orang + 1
    bayi["anak"].refresh_from_db()
    assert bayi["anak"].keluarga_id == bayi["b"].pk


def test_the_demo_plants_one_duplicate_of_each_kind_per_1000_families_and_all_are_found(db):
    from operasi.demo import buat_demo

    hasil = buat_demo(keluarga=1000, seed=3, hingga=dt.date(2026, 10, 31))
    assert sorted(j for _a, _b, j in hasil.ganda) == sorted(
        [
            "belum_dicoret_dari_kk_orang_tua",
            "gelar",
            "nik_beda_1",
            "nik_tukar",
            "anak_posyandu",
            "tanggal_tertukar",
        ]
    )
    ditanam = {(min(a, b), max(a, b)) for a, b, _j in hasil.ganda}
    # buat_demo refreshes the stored pairs: every planted one is there, nothing else.
    assert _kunci(ganda.terbuka([hasil.desa[0].pk])) == ditanam


def test_the_nightly_run_prints_counts_only_and_logs_nothing(desa_ganda, capsys):
    call_command("cari_ganda", "--ringkas")
    keluar = capsys.readouterr().out
    assert (
        keluar.strip() == "3326012001: 2 pasangan terbuka, baru 2 (" + keluar.split("(")[1].strip()
    )
    assert "Aminah" not in keluar and not LogAkses.objects.exists()
