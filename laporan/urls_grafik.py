app_name = "grafik"

urlpatterns: list = []
