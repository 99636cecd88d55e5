"""Django admin of the import record: for server superusers only."""

from django.contrib import admin

from impor.models import Impor
from keluarga.admin import CatatAksesMixin, SuperuserOnlyMixin


@admin.register(Impor)
class ImporAdmin(CatatAksesMixin, SuperuserOnlyMixin, admin.ModelAdmin):
    """Read-only; the problems (``masalah``) quote NIKs and No KKs of the file."""

    list_display = ["waktu", "oleh", "nama_berkas", "format", "desa", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
