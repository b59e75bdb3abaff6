from django.urls import path

from laa.negotiation import views, views_agreement, views_records

app_name = "negotiation"
urlpatterns = [
    path("", views_agreement.mine, name="mine"),
    path("areas/<str:area_code>/", views_agreement.agreement_overview, name="agreement"),
    path("areas/<str:area_code>/champions", views_agreement.appoint_champion, name="appoint_champion"),
    path("areas/<str:area_code>/meetings", views_records.meetings, name="meetings"),
    path("areas/<str:area_code>/timetable", views_records.timetable, name="timetable"),
    path("areas/<str:area_code>/targets/<int:target_id>", views.target_thread, name="target"),
    path("areas/<str:area_code>/outcomes/<int:outcome_id>", views.outcome_thread, name="outcome"),
]
