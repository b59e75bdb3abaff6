from django.urls import path

from laa.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="list"),
    path("local/new", views.add_local_indicator, name="add_local"),
    path("<str:code>", views.indicator, name="detail"),
]
