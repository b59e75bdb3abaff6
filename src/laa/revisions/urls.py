from django.urls import path

from laa.revisions import views, views_refresh

# Under /revisions/ (laa/urls.py).
app_name = "revisions"
urlpatterns = [
    path("<str:area_code>", views.revision_list, name="list"),
    path("<str:area_code>/propose", views.propose, name="propose"),
    path("<str:area_code>/refresh/<str:year>", views_refresh.propose, name="propose_refresh"),
    path("<str:area_code>/<int:number>", views.revision_page, name="revision"),
    path("<str:area_code>/<int:number>/consent", views.consent, name="consent"),
    path("<str:area_code>/<int:number>/consultation", views.consultation, name="consultation"),
    path("<str:area_code>/<int:number>/<str:step>", views.step, name="step"),
]
