"""The loop's addresses, under /gaps/ in the `pipeline` namespace (foiatrack/urls.py joins
them to the pipeline's), so names like `pipeline:availability` and the permalinks stay."""

from django.urls import path

from foiatrack.loop import views

urlpatterns = [
    # Staff
    path("requests/<int:request_id>/asked/", views.asked_vs_received, name="asked_vs_received"),
    path(
        "requests/<int:request_id>/asked.csv",
        views.asked_vs_received_csv,
        name="asked_vs_received_csv",
    ),
    path(
        "requests/<int:request_id>/confirm-outcome/",
        views.confirm_outcome,
        name="confirm_outcome",
    ),
    path("requests/<int:request_id>/evidence.zip", views.evidence_bundle, name="evidence_bundle"),
    # Public. The download addresses are permalinks: keep them.
    path("availability/", views.availability_overview, name="availability"),
    path(
        "availability.<str:file_format>",
        views.availability_download,
        name="availability_download",
    ),
    path("stage-links.<str:file_format>", views.stage_links_download, name="stage_links_download"),
    path(
        "availability/<slug:slug>/",
        views.availability_jurisdiction,
        name="availability_jurisdiction",
    ),
    path(
        "availability/<slug:slug>/<slug:table_name>.<str:file_format>",
        views.availability_jurisdiction_download,
        name="availability_jurisdiction_download",
    ),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("catalogue.<str:file_format>", views.catalogue_download, name="catalogue_download"),
]
