"""Django admin for server superusers: groups, members, registers and the topic lists."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from keluarga.admin import CatatAksesMixin, SuperuserOnlyMixin
from poktan import models


class PengurusInline(admin.StackedInline):
    model = models.Pengurus
    extra = 1
    raw_id_fields = ["anggota", "user"]


@admin.register(models.Kelompok)
class KelompokAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "jenis", "desa", "aktif", "tanggal_berdiri"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["nama", "desa__nama"]
    filter_horizontal = ["wilayah_dusun", "wilayah_rw", "kader"]
    inlines = [PengurusInline]


@admin.register(models.Keanggotaan)
class KeanggotaanAdmin(CatatAksesMixin, SuperuserOnlyMixin, SimpleHistoryAdmin):
    """A family member's row is labelled by the family ("KK <No KK>")."""

    list_display = ["kelompok", "keluarga", "anggota", "nama_luar", "mulai", "selesai"]
    list_filter = ["jenis"]
    raw_id_fields = ["kelompok", "keluarga", "anggota"]


@admin.register(models.Topik)
class TopikAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """The admin-editable topic list per group type (seeded with BKKBN's usual topics)."""

    list_display = ["nama", "jenis", "urutan", "aktif"]
    list_editable = ["urutan", "aktif"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["nama"]


class KehadiranInline(admin.TabularInline):
    model = models.Kehadiran
    raw_id_fields = ["keanggotaan"]
    extra = 0


@admin.register(models.Pertemuan)
class PertemuanAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["kelompok", "tanggal", "topik", "kategori_narasumber", "narasumber", "diskusi"]
    list_filter = ["kelompok__jenis"]
    date_hierarchy = "tanggal"
    raw_id_fields = ["kelompok"]
    inlines = [KehadiranInline]


@admin.register(models.Penimbangan)
class PenimbanganAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    """Read-only here: z-scores are computed by poktan.services.catat_penimbangan."""

    list_display = [
        "tanggal",
        "anggota",
        "anak_luar",
        "berat_kg",
        "tinggi_cm",
        "z_tb_u",
        "perlu_ukur_ulang",
    ]
    list_filter = ["perlu_ukur_ulang"]
    date_hierarchy = "tanggal"
    raw_id_fields = ["pertemuan", "anggota", "anak_luar"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.KeuanganUppka)
class KeuanganUppkaAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["kelompok", "bulan", "modal", "omzet"]
    raw_id_fields = ["kelompok"]


@admin.register(models.KartuKembangAnak)
class KartuKembangAnakAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["anggota", "kelompok", "bulan", "terisi", "hasil"]
    list_filter = ["hasil", "terisi"]
    raw_id_fields = ["anggota", "kelompok"]


@admin.register(models.KemandirianLansia)
class KemandirianLansiaAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["anggota", "tanggal", "tingkat"]
    list_filter = ["tingkat"]
    raw_id_fields = ["anggota"]


@admin.register(models.RegisterKelompok)
class RegisterKelompokAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["kelompok", "formulir", "periode", "tanpa_pertemuan", "diserahkan_pada"]
    list_filter = ["formulir", "tanpa_pertemuan"]
    raw_id_fields = ["kelompok"]
