"""Family list filters (django-filter): search, region and the flags of DOMAIN.md §2."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keluarga import akses
from keluarga import indicators as ind
from keluarga.models import RT, RW, Anggota, Dusun, Keluarga

URUTAN = {
    "no_kk": "no_kk",
    "-no_kk": "-no_kk",
    "kepala": "nama_kepala",
    "-kepala": "-nama_kepala",
    "rt": "rumah__rt__rw__dusun__nama",
    "diverifikasi": "terakhir_diverifikasi",
    "-diverifikasi": "-terakhir_diverifikasi",
}


class KeluargaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama, NIK atau No KK"), method="cari")
    dusun = django_filters.ModelChoiceFilter(
        label=_("Dusun"), queryset=Dusun.objects.none(), field_name="rumah__rt__rw__dusun"
    )
    rw = django_filters.ModelChoiceFilter(
        label=_("RW"), queryset=RW.objects.none(), field_name="rumah__rt__rw"
    )
    rt = django_filters.ModelChoiceFilter(
        label=_("RT"), queryset=RT.objects.none(), field_name="rumah__rt"
    )
    tanda = django_filters.ChoiceFilter(
        label=_("Tanda"), choices=list(ind.TANDA_KELUARGA.items()), method="saring_tanda"
    )
    urut = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        choices=[
            ("no_kk", _("No KK")),
            ("kepala", _("Nama kepala keluarga")),
            ("rt", _("Wilayah")),
            ("-diverifikasi", _("Terakhir diverifikasi")),
        ],
        method="urutkan",
        empty_label=None,
    )

    class Meta:
        model = Keluarga
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        rts = akses.rt_qs(user).select_related("rw__dusun")
        self.filters["rt"].queryset = rts
        self.filters["rw"].queryset = RW.objects.filter(rt_set__in=rts).distinct()
        self.filters["dusun"].queryset = Dusun.objects.filter(rw_set__rt_set__in=rts).distinct()
        self.filters["rt"].field.label_from_instance = lambda rt: (
            f"{rt.rw.dusun.nama} · RW {rt.rw.nomor} · RT {rt.nomor}"
        )

    def cari(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        # The user's desa only: the database reads one desa's members (anggota_desa_lahir_idx)
        # once, instead of every member of the district (PostgreSQL turns the correlated EXISTS
        # with OR into one hashed scan of the whole table).
        desa_ids = list(akses.desa_qs(self.user).values_list("pk", flat=True))
        orang = Anggota.objects.filter(desa_id__in=desa_ids).filter(
            Q(nama__icontains=value) | Q(nik__contains=value)
        )
        return qs.filter(Q(no_kk__contains=value) | Q(pk__in=orang.values("keluarga_id")))

    def saring_tanda(self, qs, name, value):
        desa_ids = list(akses.desa_qs(self.user).values_list("pk", flat=True))
        return qs.filter(pk__in=ind.keluarga_dengan_tanda(value, timezone.localdate(), desa_ids))

    def urutkan(self, qs, name, value):
        return qs.order_by(URUTAN.get(value, "no_kk"), "pk")
