from django.apps import AppConfig


class PendampinganConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pendampingan"
    verbose_name = "Pendampingan keluarga"
