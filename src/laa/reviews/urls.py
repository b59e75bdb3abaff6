from django.urls import path

from laa.reviews import views, views_forms

# Under /reviews/ (laa/urls.py). A year in an address is "2008-09".
app_name = "reviews"
urlpatterns = [
    path("", views.region, name="region"),
    path("<str:area_code>", views.area, name="area"),
    path("<str:area_code>/start", views.start, name="start"),
    path("<str:area_code>/<str:year>", views.review_page, name="review"),
    path("<str:area_code>/<str:year>/actions", views_forms.add_action, name="add_action"),
    path("<str:area_code>/<str:year>/proposals", views_forms.add_proposal, name="add_proposal"),
    path("<str:area_code>/<str:year>/assess/<path:key>", views_forms.assess, name="assess"),
    path("<str:area_code>/<str:year>/<str:step>", views.step, name="step"),
]
