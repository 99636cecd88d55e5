from django.apps import AppConfig


class PoktanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "poktan"
