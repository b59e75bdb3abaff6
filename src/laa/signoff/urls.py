from django.urls import path

from laa.signoff import views, views_versions

app_name = "signoff"
urlpatterns = [
    path("", views.index, name="index"),
    path("published", views.published, name="published"),
    path("published/<str:area_code>", views.public_agreement, name="public_agreement"),
    path("<str:area_code>", views.agreement, name="agreement"),
    path("<str:area_code>/versions", views_versions.versions, name="versions"),
    path("<str:area_code>/versions/changes", views_versions.version_changes, name="version_changes"),
    path("<str:area_code>/versions/<int:number>", views_versions.version, name="version"),
    path("<str:area_code>/versions/<int:number>/document", views_versions.version_document, name="version_document"),
    path("<str:area_code>/versions/<int:number>.<str:fmt>", views_versions.version_file, name="version_file"),
    path("<str:area_code>/acknowledgements", views.acknowledge, name="acknowledge"),
    path("<str:area_code>/<str:transition>", views.take, name="take"),
    path("<str:area_code>/<str:transition>/confirm", views.confirm, name="confirm"),
]
