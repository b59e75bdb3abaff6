"""The agreement document's pages, included by agreements/urls.py (app_name "agreements")."""

from django.urls import path

from laa.agreements import views_document

urlpatterns = [
    path("<str:area_code>/document", views_document.document, name="document"),
    path("<str:area_code>/document.pdf", views_document.document_pdf, name="document_pdf"),
]
