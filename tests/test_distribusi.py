"""Every table can be placed on a Citus cluster sharded by the desa (issue 15 step 7,
docs/SCALING.md): each model is declared in ``keluarga/distribusi.py`` as distributed through a
path of foreign keys ending at the desa, a reference table, or a coordinator-local table, and the
declaration is checked against the models themselves. A new model without a declaration fails
here: declare it (and its simple-history table) in ``keluarga.distribusi.TABEL``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models

from keluarga import distribusi as dist
from keluarga.models import Desa

SEMUA = list(apps.get_models(include_auto_created=True))


def _label(model) -> str:
    return model._meta.label


def _fk(model, nama: str):
    """The forward foreign key (or one-to-one) ``nama`` of ``model``, or None."""
    try:
        f = model._meta.get_field(nama)
    except Exception:
        return None
    if not getattr(f, "concrete", False) or not (f.many_to_one or f.one_to_one):
        return None
    return f


def jalur_ke_desa(model, jalur: str) -> tuple[list, str]:
    """The fields of ``jalur`` from ``model`` and "" when it ends at keluarga.Desa, else why not."""
    langkah = []
    sekarang = model
    for nama in jalur.split("__"):
        f = _fk(sekarang, nama)
        if f is None:
            return langkah, f"{sekarang._meta.label} tidak punya kunci asing {nama!r}"
        langkah.append(f)
        sekarang = f.related_model
    if sekarang is not Desa:
        return langkah, f"jalur {jalur!r} berakhir di {sekarang._meta.label}, bukan keluarga.Desa"
    return langkah, ""


def _kunci_unik(model) -> list[tuple[str, list[str]]]:
    """(name, field names) of every unique key but the primary key."""
    kunci = [
        (f.name, [f.name]) for f in model._meta.concrete_fields if f.unique and not f.primary_key
    ]
    kunci += [("__".join(u), list(u)) for u in model._meta.unique_together]
    kunci += [
        (c.name, list(c.fields))
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    return kunci


@pytest.mark.parametrize("model", SEMUA, ids=_label)
def test_every_model_is_declared_distributed_reference_or_local(model):
    k = dist.klasifikasi(_label(model))
    assert k is not None, (
        f"{_label(model)} (tabel {model._meta.db_table}) belum dinyatakan di "
        "keluarga/distribusi.py TABEL: Sebar(jalur ke desa), Referensi(alasan) atau Lokal(alasan) "
        "— lihat docs/SCALING.md"
    )


def test_no_declaration_names_a_model_that_does_not_exist():
    ada = {_label(m) for m in SEMUA}
    assert not set(dist.TABEL) - ada, sorted(set(dist.TABEL) - ada)


@pytest.mark.parametrize(
    "model", [m for m in SEMUA if isinstance(dist.klasifikasi(_label(m)), dist.Sebar)], ids=_label
)
def test_a_distributed_model_reaches_the_desa_and_says_how_it_gets_its_column(model):
    k = dist.klasifikasi(_label(model))
    langkah, salah = jalur_ke_desa(model, k.jalur)
    assert not salah, salah
    sudah = k.jalur == "desa" and not langkah[0].null
    if sudah:
        assert not k.migrasi, f"{_label(model)} sudah punya desa NOT NULL: hapus catatan migrasi"
    else:
        assert k.migrasi, (
            f"{_label(model)} belum punya kolom desa NOT NULL: sebutkan migrasi Citus-nya "
            "(Sebar(jalur, migrasi))"
        )


def _jenis(model):
    return type(dist.klasifikasi(_label(model)))


@pytest.mark.parametrize("model", SEMUA, ids=_label)
def test_foreign_keys_are_possible_on_citus(model):
    """Distributed → distributed or reference; reference → reference; local → local or
    reference. A reference or local table never points at a distributed one."""
    asal = _jenis(model)
    boleh = {
        dist.Sebar: {dist.Sebar, dist.Referensi},
        dist.Referensi: {dist.Referensi},
        dist.Lokal: {dist.Lokal, dist.Referensi},
    }.get(asal)
    if boleh is None:
        pytest.fail(f"{_label(model)} belum dinyatakan")
    salah = [
        f"{f.name} → {_label(f.related_model)}"
        for f in model._meta.concrete_fields
        if f.is_relation and _jenis(f.related_model) not in boleh
    ]
    assert not salah, f"{_label(model)} ({asal.__name__}): {salah}"


@pytest.mark.parametrize(
    "model", [m for m in SEMUA if isinstance(dist.klasifikasi(_label(m)), dist.Sebar)], ids=_label
)
def test_unique_keys_of_a_distributed_table_hold_the_desa_or_say_what_replaces_them(model):
    """Citus enforces a unique key only with the distribution column in it. A key holding the
    desa, or a foreign key to another distributed table (the row it names lives in one desa),
    keeps its meaning with desa_id added; every other key is in KUNCI_GLOBAL."""
    kurang = []
    for nama, kolom in _kunci_unik(model):
        ok = "desa" in kolom or any(
            (f := _fk(model, c)) is not None
            and isinstance(dist.klasifikasi(_label(f.related_model)), dist.Sebar)
            for c in kolom
        )
        if not ok and f"{_label(model)}.{nama}" not in dist.KUNCI_GLOBAL:
            kurang.append(f"{_label(model)}.{nama} {kolom}")
    assert not kurang, (
        "kunci unik tanpa desa dan tanpa pengganti di keluarga/distribusi.py KUNCI_GLOBAL: "
        + ", ".join(kurang)
    )


def test_every_replaced_key_still_exists():
    ada = {f"{_label(m)}.{nama}" for m in SEMUA for nama, _k in _kunci_unik(m)}
    assert not set(dist.KUNCI_GLOBAL) - ada, sorted(set(dist.KUNCI_GLOBAL) - ada)


def tanpa_deklarasi(daftar) -> list[str]:
    return [_label(m) for m in daftar if dist.klasifikasi(_label(m)) is None]


def test_the_check_catches_an_undeclared_model_and_a_broken_path():
    """The checks above can fail: a model not in TABEL, a path that does not reach the desa.
    (A stand-in for a new model: defining a real one here would leave a reverse relation on
    Desa for the rest of the run.)"""
    from keluarga.models import Anggota, StatusKB

    baru = SimpleNamespace(_meta=SimpleNamespace(label="keluarga.Baru"))
    assert tanpa_deklarasi([baru, Anggota]) == ["keluarga.Baru"]
    assert not tanpa_deklarasi(SEMUA)
    assert jalur_ke_desa(Anggota, "desa") == ([Anggota._meta.get_field("desa")], "")
    assert "tidak punya kunci asing 'desa'" in jalur_ke_desa(StatusKB, "desa")[1]
    assert jalur_ke_desa(StatusKB, "anggota__keluarga__rumah__rt__desa")[1] == ""
    assert "bukan keluarga.Desa" in jalur_ke_desa(Anggota, "keluarga")[1]


def test_the_two_national_numbers_are_replaced_by_registries():
    assert "registri" in dist.KUNCI_GLOBAL["keluarga.Anggota.anggota_nik_unik"]
    assert "registri" in dist.KUNCI_GLOBAL["keluarga.Keluarga.no_kk"]
    # The tables that hold the people and their histories are all sharded by the desa.
    for label in (
        "keluarga.Anggota",
        "keluarga.Keluarga",
        "keluarga.StatusKB",
        "poktan.Penimbangan",
    ):
        assert isinstance(dist.TABEL[label], dist.Sebar)
