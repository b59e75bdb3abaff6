from django.urls import path

from laa.performance import views

# Under /progress/ (laa/urls.py).
app_name = "performance"
urlpatterns = [
    path("", views.region, name="region"),
    path("<str:area_code>", views.area, name="area"),
]
