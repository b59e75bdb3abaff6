from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("laa.web.urls")),
    path("", include("laa.accounts.urls")),
    path("indicators/", include("laa.catalogue.urls")),
    path("areas/", include("laa.places.urls")),
    path("audit/", include("laa.audit.urls")),
    path("agreements/", include("laa.agreements.urls")),
    path("negotiation/", include("laa.dashboards.urls")),
    path("negotiation/", include("laa.negotiation.urls")),
    path("sign-off/", include("laa.signoff.urls")),
    path("hub/", include("laa.hub.urls")),
    path("reviews/", include("laa.reviews.urls")),
    path("revisions/", include("laa.revisions.urls")),
    path("maa/", include("laa.maa.urls")),
    path("progress/", include("laa.performance.urls")),
    path("alerts/", include("laa.performance.alert_urls")),
    path("api/v1/", include("laa.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "laa.web.views.bad_request"
handler403 = "laa.web.views.forbidden"
handler404 = "laa.web.views.not_found"
handler500 = "laa.web.views.server_error"
