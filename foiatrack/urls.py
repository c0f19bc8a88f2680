from django.contrib import admin
from django.urls import include, path

from foiatrack.loop import urls as loop_urls
from foiatrack.pipeline import urls as pipeline_urls

urlpatterns = [
    path("", include("foiatrack.core.urls")),
    path("", include("foiatrack.foia.urls")),
    path("received/", include("foiatrack.received.urls")),
    # One namespace for /gaps/: the gap pages (pipeline) and the loop's pages beside them.
    path("gaps/", include((pipeline_urls.urlpatterns + loop_urls.urlpatterns, "pipeline"))),
    path("mail/", include("foiatrack.mail.urls")),
    path("api/", include("foiatrack.api.urls")),
    path("admin/", admin.site.urls),
]
