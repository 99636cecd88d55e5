from django.apps import AppConfig


class ImporConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "impor"
    verbose_name = "Impor dan ekspor"
