from django.apps import AppConfig


class OperasiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operasi"
    verbose_name = "Operasi (cadangan, desa demo)"
