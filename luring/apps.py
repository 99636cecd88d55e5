from django.apps import AppConfig


class LuringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "luring"
    verbose_name = "Kerja luring (ponsel kader)"
