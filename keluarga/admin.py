"""Django admin: for server superusers only (never a village role)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from keluarga import akses, models


class SuperuserOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


class CatatAksesMixin:
    """For admins whose pages show a NIK or No KK (a field, or a family's "KK …" label): every
    page shown — list, change, delete, history — writes an access-log row (ROLES.md: every page
    showing a full NIK), naming the object by primary key; a search is stored without its
    digits (keluarga.akses.path_log)."""

    def _catat(self, request, respons, objek: str):
        if respons.status_code == 200:
            akses.catat_akses(
                request.user,
                models.LogAkses.Jenis.NIK_PENUH,
                f"Admin {self.opts.verbose_name}: {objek}",
                request.get_full_path(),
            )
        return respons

    def changelist_view(self, request, extra_context=None):
        return self._catat(request, super().changelist_view(request, extra_context), "daftar")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        respons = super().change_view(request, object_id, form_url, extra_context)
        return self._catat(request, respons, f"id {object_id}")

    def delete_view(self, request, object_id, extra_context=None):
        respons = super().delete_view(request, object_id, extra_context)
        return self._catat(request, respons, f"id {object_id} (hapus)")

    def history_view(self, request, object_id, extra_context=None):
        respons = super().history_view(request, object_id, extra_context)
        return self._catat(request, respons, f"id {object_id} (riwayat)")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's page of one past version (SimpleHistoryAdmin only).
        respons = super().history_form_view(request, object_id, version_id, extra_context)
        return self._catat(request, respons, f"id {object_id} (versi {version_id})")


@admin.register(models.Desa)
class DesaAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["kode", "nama", "kelurahan", "kecamatan_nama", "bulan_awal_data"]
    search_fields = ["kode", "nama"]


@admin.register(models.Lingkup)
class LingkupAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "kecamatan_kode", "kabupaten_kode"]
    filter_horizontal = ["desa", "dusun", "rw", "rt"]


@admin.register(models.Keluarga)
class KeluargaAdmin(CatatAksesMixin, SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["no_kk", "desa", "tahapan_ks"]
    search_fields = ["no_kk"]
    raw_id_fields = ["rumah"]


@admin.register(models.Anggota)
class AnggotaAdmin(CatatAksesMixin, SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["nama", "nik", "jenis_kelamin", "tanggal_lahir", "status_hidup"]
    search_fields = ["nama", "nik"]
    raw_id_fields = ["keluarga", "ibu"]


@admin.register(models.LogAkses)
class LogAksesAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["waktu", "user", "jenis", "objek"]
