from django.urls import path

from laa.maa import views

# Under /maa/ (laa/urls.py).
app_name = "maa"
urlpatterns = [
    path("", views.maa_list, name="list"),
    path("<slug:code>", views.maa_page, name="detail"),
    path("<slug:code>/sign", views.sign, name="sign"),
    path("<slug:code>/undesignate", views.undesignate, name="undesignate"),
    path("<slug:code>/steps/<str:step>", views.step, name="step"),
]
