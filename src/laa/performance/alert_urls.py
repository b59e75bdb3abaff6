from django.urls import path

from laa.performance import views_alerts

# Under /alerts/ (laa/urls.py).
app_name = "alerts"
urlpatterns = [
    path("", views_alerts.following, name="following"),
    path("follow", views_alerts.follow, name="follow"),
    path("<int:following_id>/unfollow", views_alerts.unfollow, name="unfollow"),
]
