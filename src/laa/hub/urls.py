from django.urls import path

from laa.hub import views_data, views_imports, views_registers

app_name = "hub"
urlpatterns = [
    path("", views_registers.supplier_register, name="suppliers"),
    path("burdens", views_registers.burden_register, name="burdens"),
    path("indicators/<str:code>", views_data.indicator_data, name="indicator"),
    path("areas/<str:code>", views_data.area_data, name="area"),
    path("values/<int:pk>", views_data.value_history, name="history"),
    path("imports/", views_imports.ledger, name="ledger"),
    path("imports/new", views_imports.upload, name="upload"),
    path("imports/uploads/<int:pk>", views_imports.upload_status, name="upload_status"),
    path("imports/uploads/<int:pk>/confirm", views_imports.confirm, name="confirm"),
    path("imports/uploads/<int:pk>/rejected-rows.csv", views_imports.rejected_rows, name="rejected_rows"),
    path("imports/<int:pk>", views_imports.ledger_entry, name="ledger_entry"),
]
