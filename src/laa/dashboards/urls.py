from django.urls import path

from laa.dashboards import views

# Under /negotiation/, where they have always been (laa/urls.py).
app_name = "dashboards"
urlpatterns = [
    path("region", views.region_dashboard, name="region_dashboard"),
    path("department", views.department_view, name="department_view"),
    path("national", views.national_view, name="national_view"),
]
