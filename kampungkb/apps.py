from django.apps import AppConfig


class KampungkbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kampungkb"
    verbose_name = "Kampung KB"
