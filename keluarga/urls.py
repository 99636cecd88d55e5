from django.urls import path

from . import views

app_name = "keluarga"

urlpatterns = [
    path("<int:pk>/", views.keluarga_detail, name="detail"),
]
