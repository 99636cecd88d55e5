"""Django admin (superusers only): the portal's agencies and the Rumah DataKu level rules."""

from django.contrib import admin

from kampungkb.models import AturanRumahDataKu, Instansi
from keluarga.admin import SuperuserOnlyMixin


@admin.register(Instansi)
class InstansiAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["urutan", "nama", "lintas_sektor", "aktif"]
    list_editable = ["lintas_sektor", "aktif"]
    ordering = ["urutan", "nama"]


@admin.register(AturanRumahDataKu)
class AturanRumahDataKuAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["tingkat", "syarat", "minimal"]
    list_editable = ["minimal"]
    list_filter = ["tingkat"]
