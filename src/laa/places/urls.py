from django.urls import path

from laa.places import views

app_name = "places"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("regions/<str:code>", views.region, name="region"),
    path("<str:code>", views.area, name="area"),
]
