from django.apps import AppConfig


class KeluargaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keluarga"
