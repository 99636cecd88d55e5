from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _setelah_migrasi(sender, using="default", **kwargs):
    if sender.name == "keluarga":  # once per migrate/flush, after every app's migrations
        from keluarga import cap

        cap.pasang_semua(using=using)


class KeluargaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keluarga"

    def ready(self):
        post_migrate.connect(_setelah_migrasi, dispatch_uid="keluarga_cap_pemicu")
