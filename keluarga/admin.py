"""Django admin: for server superusers only (never a village role)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from keluarga import models


class SuperuserOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(models.Desa)
class DesaAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["kode", "nama", "kelurahan", "kecamatan_nama", "bulan_awal_data"]
    search_fields = ["kode", "nama"]


@admin.register(models.Lingkup)
class LingkupAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "kecamatan_kode"]
    filter_horizontal = ["desa", "dusun", "rw", "rt"]


@admin.register(models.Keluarga)
class KeluargaAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["no_kk", "desa", "tahapan_ks"]
    search_fields = ["no_kk"]
    raw_id_fields = ["rumah"]


@admin.register(models.Anggota)
class AnggotaAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "nik", "jenis_kelamin", "tanggal_lahir", "status_hidup"]
    search_fields = ["nama", "nik"]
    raw_id_fields = ["keluarga", "ibu"]


@admin.register(models.LogAkses)
class LogAksesAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["waktu", "user", "jenis", "objek"]


@admin.register(models.Impor)
class ImporAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["waktu", "oleh", "nama_berkas", "format", "desa", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
