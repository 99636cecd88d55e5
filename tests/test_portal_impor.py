"""Our KB import template's intention column (StatusKB.niat), for the Kampung KB portal form."""

from django.utils import timezone

from impor import kolom as K
from keluarga.models import StatusKB
from tests.test_impor_rumahdataku import (  # noqa: F401  (fixtures)
    BUDI,
    SITI,
    berisi,
    desa,
    galat,
    impor,
    isi_templat,
)


def test_our_kb_template_records_the_intention_of_a_mal_user(berisi, desa, tmp_path):  # noqa: F811
    rows = [{"NIK": SITI, "Metode KB": "MAL", "Keinginan punya anak": "Ingin anak ditunda (IAT)"}]
    p = isi_templat(tmp_path / "kb.xlsx", "kb", {K.LEMBAR_KB: rows})
    assert impor(p, desa).tersimpan
    s = StatusKB.objects.get()
    assert (s.metode, s.niat, s.mulai) == ("mal", "iat", timezone.localdate())
    # The same status again with another intention corrects it in place.
    rows[0]["Keinginan punya anak"] = "TIAL"
    assert impor(isi_templat(tmp_path / "kb2.xlsx", "kb", {K.LEMBAR_KB: rows}), desa).tersimpan
    assert StatusKB.objects.get().niat == "tial"
    salah = [{"NIK": BUDI, "Metode KB": "MOP", "Keinginan punya anak": "IAS"}]
    hasil = impor(isi_templat(tmp_path / "kb3.xlsx", "kb", {K.LEMBAR_KB: salah}), desa)
    assert "hanya diisi untuk MAL" in galat(hasil)[0]["pesan"]
