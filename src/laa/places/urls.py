from django.urls import path

from laa.places import views

app_name = "places"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("regions/<str:code>", views.region, name="region"),
    path("organisations/proposed", views.proposed_organisations, name="proposed_organisations"),
    path("<str:code>/organisations/propose", views.propose_organisation, name="propose_organisation"),
    path("<str:code>", views.area, name="area"),
]
