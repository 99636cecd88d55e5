"""The thresholds OFFICIAL.md §5 marks *likely*: each a setting (RUMAHDATAKU_PENDAMPINGAN).

A deployment overrides any key in settings; the defaults are OFFICIAL.md's values."""

from decimal import Decimal

from django.conf import settings

BAWAAN = {
    # Brides-to-be and pregnant women: at risk when LiLA < this (cm): KEK.
    "LILA_KEK_DI_BAWAH": Decimal("23.5"),
    # At risk when Hb < this (g/dL): anaemia (some officials use 11.5).
    "HB_ANEMIA_DI_BAWAH": Decimal("11.0"),
    # A bride-to-be at risk when younger than this on the screening date (whole years).
    "UMUR_CATIN_DI_BAWAH": 20,
    # At risk when BMI (weight / height², kg/m²) < this.
    "IMT_DI_BAWAH": Decimal("18.5"),
    # The postpartum period: the birth date and this many days after it (standard: 42).
    "NIFAS_HARI": 42,
    # Whether MAL started in the postpartum period counts as KB pasca persalinan (default no).
    "MAL_DIHITUNG": False,
    # A bride who was at risk stays flagged on the PUS lists this many months after the wedding.
    "CATIN_BERISIKO_BULAN": 12,
    # 4T of a pregnancy: terlalu muda (< years), terlalu tua (>= years at the start), terlalu
    # dekat (< months since her previous birth), terlalu banyak (>= living children).
    "T4_MUDA_DI_BAWAH": 20,
    "T4_TUA_MULAI": 35,
    "T4_JARAK_BULAN_DI_BAWAH": 24,
    "T4_ANAK_MULAI": 3,
}


def nilai(kunci: str):
    return {**BAWAAN, **getattr(settings, "RUMAHDATAKU_PENDAMPINGAN", {})}[kunci]
