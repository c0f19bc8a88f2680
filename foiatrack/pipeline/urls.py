from django.urls import path

from foiatrack.pipeline import reconciliation_views, views

app_name = "pipeline"
urlpatterns = [
    # Public, under /gaps/. The download addresses are permalinks: keep them.
    path("", views.overview, name="overview"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.<str:file_format>", views.matrix_download, name="matrix_download"),
    path("jurisdictions/<slug:slug>/", views.jurisdiction, name="jurisdiction"),
    path(
        "jurisdictions/<slug:slug>/<slug:table_name>.<str:file_format>",
        views.jurisdiction_download,
        name="jurisdiction_download",
    ),
    path("datasets/", views.dataset_list, name="dataset_list"),
    path("datasets.<str:file_format>", views.dataset_list_download, name="dataset_list_download"),
    path("datasets/<int:table_id>/", views.dataset, name="dataset"),
    path("datasets/<int:table_id>.json", views.dataset_json, name="dataset_json"),
    path(
        "datasets/<int:table_id>/reconciliation.<str:file_format>",
        reconciliation_views.dataset_reconciliation_download,
        name="dataset_reconciliation_download",
    ),
    path(
        "datasets/<int:table_id>/<slug:table_name>.<str:file_format>",
        views.dataset_download,
        name="dataset_download",
    ),
    path("funnel/", views.funnel, name="funnel"),
    path("funnel.<str:file_format>", views.funnel_download, name="funnel_download"),
    path("agencies/", views.scorecards, name="scorecards"),
    path("agencies.<str:file_format>", views.scorecards_download, name="scorecards_download"),
    path("requests/", views.public_requests, name="requests"),
    path("requests.<str:file_format>", views.public_requests_download, name="requests_download"),
    # Data admins
    path("link-runs/", views.link_runs, name="link_runs"),
    path("link-runs/<int:run_id>/", views.link_run, name="link_run"),
    # Staff
    path("datasets/<int:table_id>/follow-up/", views.followup_create, name="followup_create"),
    path("follow-ups/<int:draft_id>/", views.followup, name="followup"),
    path(
        "follow-ups/<int:draft_id>/request/",
        views.followup_to_request,
        name="followup_to_request",
    ),
]
