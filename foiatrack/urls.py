from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("foiatrack.core.urls")),
    path("", include("foiatrack.foia.urls")),
    path("received/", include("foiatrack.received.urls")),
    path("gaps/", include("foiatrack.pipeline.urls")),
    path("mail/", include("foiatrack.mail.urls")),
    path("api/", include("foiatrack.api.urls")),
    path("admin/", admin.site.urls),
]
