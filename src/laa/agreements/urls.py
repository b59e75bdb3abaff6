from django.urls import path

from laa.agreements import (
    urls_document,
    views,
    views_edit,
    views_files,
    views_partners,
    views_targets,
)

app_name = "agreements"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("rules", views.rules_page, name="rules"),
    path("template.xlsx", views_files.template, name="template"),
    path("our-targets", views_partners.our_targets, name="our_targets"),
    path("<str:area_code>/", views.detail, name="detail"),
    path("<str:area_code>/start", views.start, name="start"),
    path("<str:area_code>/edit", views_edit.edit_agreement, name="edit"),
    path("<str:area_code>/outcomes/new", views_edit.outcome_form, name="add_outcome"),
    path("<str:area_code>/outcomes/<int:outcome_id>/edit", views_edit.outcome_form, name="edit_outcome"),
    path("<str:area_code>/outcomes/<int:outcome_id>/delete", views_edit.delete_outcome, name="delete_outcome"),
    path("<str:area_code>/consultations/new", views_edit.add_consultation, name="add_consultation"),
    path("<str:area_code>/consultations/<int:consultation_id>/delete", views_edit.remove_consultation,
         name="remove_consultation"),
    path("<str:area_code>/targets/find", views_targets.find_indicator, name="find_indicator"),
    path("<str:area_code>/targets/new", views_targets.add_target, name="add_target"),
    path("<str:area_code>/targets/<int:target_id>/", views_targets.target_detail, name="target"),
    path("<str:area_code>/targets/<int:target_id>/edit", views_targets.edit_target, name="edit_target"),
    path("<str:area_code>/targets/<int:target_id>/delete", views_targets.delete_target, name="delete_target"),
    path("<str:area_code>/sign-up", views_partners.sign_up_page, name="sign_up"),
    path("<str:area_code>/targets/<int:target_id>/sign-up", views_partners.sign_up_target, name="sign_up_target"),
    path("<str:area_code>/import", views_files.import_file, name="import"),
    path("<str:area_code>/export.<str:fmt>", views_files.export, name="export"),
    *urls_document.urlpatterns,  # the agreement document and its PDF (views_document)
]

from laa.agreements import urls_document  # noqa: E402  (the document pages)

urlpatterns += urls_document.urlpatterns
