from django.urls import path

from laa.signoff import views

app_name = "signoff"
urlpatterns = [
    path("", views.index, name="index"),
    path("published", views.published, name="published"),
    path("published/<str:area_code>", views.public_agreement, name="public_agreement"),
    path("<str:area_code>", views.agreement, name="agreement"),
    path("<str:area_code>/acknowledgements", views.acknowledge, name="acknowledge"),
    path("<str:area_code>/<str:transition>", views.take, name="take"),
    path("<str:area_code>/<str:transition>/confirm", views.confirm, name="confirm"),
]
