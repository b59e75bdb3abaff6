from django.urls import path

from laa.performance import views, views_comparison

# Under /progress/ (laa/urls.py).
app_name = "performance"
urlpatterns = [
    path("", views.region, name="region"),
    path("hotspots", views_comparison.hotspots, name="hotspots"),
    path("indicators/<str:code>", views_comparison.indicator, name="indicator"),
    path("<str:area_code>", views.area, name="area"),
]
