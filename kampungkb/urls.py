app_name = "kampungkb"

urlpatterns: list = []
