"""/api/: the OpenAPI schema, its documentation page and version 1 of the API."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from foiatrack.api import errors
from foiatrack.api.views import (
    agencies,
    datasets,
    files,
    filings,
    gaps,
    linkruns,
    mail,
    requests,
    tables,
    tokens,
)
from foiatrack.api.views import reconciliation as rec

app_name = "api"

v1 = [
    # Public
    path("jurisdictions/", agencies.JurisdictionList.as_view(), name="jurisdiction_list"),
    path(
        "jurisdictions/<slug:slug>/",
        agencies.JurisdictionDetail.as_view(),
        name="jurisdiction_detail",
    ),
    path("agencies/", agencies.AgencyList.as_view(), name="agency_list"),
    path("agencies/<slug:slug>/", agencies.AgencyDetail.as_view(), name="agency_detail"),
    path("public/requests/", requests.PublicRequestList.as_view(), name="public_request_list"),
    path(
        "public/requests/<int:request_id>/",
        requests.PublicRequestDetail.as_view(),
        name="public_request_detail",
    ),
    path("datasets/", datasets.DatasetList.as_view(), name="dataset_list"),
    path("datasets/<int:table_id>/", datasets.DatasetDetail.as_view(), name="dataset_detail"),
    path("coverage/", gaps.Coverage.as_view(), name="coverage"),
    path("funnel/", gaps.Funnel.as_view(), name="funnel"),
    path(
        "datasets/<int:table_id>/reconciliation/",
        rec.DatasetReconciliation.as_view(),
        name="dataset_reconciliation",
    ),
    path("datasets/<int:table_id>/changes/", rec.DatasetChanges.as_view(), name="dataset_changes"),
    # Staff
    path("requests/", requests.RequestListCreate.as_view(), name="request_list"),
    path("requests/<int:request_id>/", requests.RequestDetail.as_view(), name="request_detail"),
    path(
        "requests/<int:request_id>/status/",
        requests.RequestTransition.as_view(),
        name="request_transition",
    ),
    path(
        "requests/<int:request_id>/communications/",
        filings.CommunicationListCreate.as_view(),
        name="communication_list",
    ),
    path(
        "requests/<int:request_id>/appeals/",
        filings.AppealListCreate.as_view(),
        name="appeal_list",
    ),
    path(
        "appeals/<int:appeal_id>/decision/",
        filings.AppealDecision.as_view(),
        name="appeal_decision",
    ),
    path(
        "requests/<int:request_id>/exemptions/",
        filings.ExemptionListCreate.as_view(),
        name="exemption_list",
    ),
    path(
        "requests/<int:request_id>/tracking-numbers/",
        filings.TrackingNumberListCreate.as_view(),
        name="tracking_number_list",
    ),
    path(
        "requests/<int:request_id>/tracking-numbers/<int:tracking_id>/",
        filings.TrackingNumberStatus.as_view(),
        name="tracking_number_status",
    ),
    path(
        "requests/<int:request_id>/fields-not-held/",
        filings.FieldsNotHeld.as_view(),
        name="fields_not_held",
    ),
    path("requests/<int:request_id>/send/", mail.send, name="mail_send"),
    path("mail/messages/", mail.messages, name="mail_message_list"),
    path("mail/messages/<int:message_id>/assign/", mail.assign, name="mail_assign"),
    path("mail/messages/<int:message_id>/confirm/", mail.confirm, name="mail_confirm"),
    # Data admins
    path("files/", files.ReceivedFileListCreate.as_view(), name="file_list"),
    path("files/<int:file_id>/", files.ReceivedFileDetail.as_view(), name="file_detail"),
    path("tables/", tables.TableList.as_view(), name="table_list"),
    path("tables/<int:table_id>/", tables.TableDetail.as_view(), name="table_detail"),
    path("tables/<int:table_id>/status/", tables.TableStatus.as_view(), name="table_status"),
    path("tables/<int:table_id>/roles/", tables.TableRoles.as_view(), name="table_roles"),
    path("link-runs/", linkruns.LinkRunListCreate.as_view(), name="link_run_list"),
    path("link-runs/<int:run_id>/", linkruns.LinkRunDetail.as_view(), name="link_run_detail"),
    path("reconciliations/", rec.ReconciliationListCreate.as_view(), name="reconciliation_list"),
    path(
        "reconciliations/<int:run_id>/",
        rec.ReconciliationDetail.as_view(),
        name="reconciliation_detail",
    ),
    path("delivery-comparisons/", rec.ComparisonListCreate.as_view(), name="comparison_list"),
    path(
        "delivery-comparisons/<int:run_id>/",
        rec.ComparisonDetail.as_view(),
        name="comparison_detail",
    ),
    # Tokens
    path("auth/token/", tokens.TokenObtain.as_view(), name="token"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP forbids inline script.
    # Our template moves the package's inline <style> to a file, for the same policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/", include(v1)),
    # Anything else under v1/ gets the API's JSON 404, not the site's HTML page.
    re_path(r"^v1/", errors.not_found),
]
