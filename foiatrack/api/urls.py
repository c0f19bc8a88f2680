"""/api/: the OpenAPI schema, its documentation page and version 1 of the API."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from foiatrack.api import errors, mail, views

app_name = "api"

v1 = [
    # Public
    path("jurisdictions/", views.JurisdictionList.as_view(), name="jurisdiction_list"),
    path(
        "jurisdictions/<slug:slug>/",
        views.JurisdictionDetail.as_view(),
        name="jurisdiction_detail",
    ),
    path("agencies/", views.AgencyList.as_view(), name="agency_list"),
    path("agencies/<slug:slug>/", views.AgencyDetail.as_view(), name="agency_detail"),
    path("public/requests/", views.PublicRequestList.as_view(), name="public_request_list"),
    path(
        "public/requests/<int:request_id>/",
        views.PublicRequestDetail.as_view(),
        name="public_request_detail",
    ),
    path("datasets/", views.DatasetList.as_view(), name="dataset_list"),
    path("datasets/<int:table_id>/", views.DatasetDetail.as_view(), name="dataset_detail"),
    path("coverage/", views.Coverage.as_view(), name="coverage"),
    path("funnel/", views.Funnel.as_view(), name="funnel"),
    # Staff
    path("requests/", views.RequestListCreate.as_view(), name="request_list"),
    path("requests/<int:request_id>/", views.RequestDetail.as_view(), name="request_detail"),
    path(
        "requests/<int:request_id>/status/",
        views.RequestTransition.as_view(),
        name="request_transition",
    ),
    path(
        "requests/<int:request_id>/communications/",
        views.CommunicationListCreate.as_view(),
        name="communication_list",
    ),
    path(
        "requests/<int:request_id>/appeals/",
        views.AppealListCreate.as_view(),
        name="appeal_list",
    ),
    path(
        "appeals/<int:appeal_id>/decision/",
        views.AppealDecision.as_view(),
        name="appeal_decision",
    ),
    path(
        "requests/<int:request_id>/exemptions/",
        views.ExemptionListCreate.as_view(),
        name="exemption_list",
    ),
    path(
        "requests/<int:request_id>/tracking-numbers/",
        views.TrackingNumberListCreate.as_view(),
        name="tracking_number_list",
    ),
    path(
        "requests/<int:request_id>/tracking-numbers/<int:tracking_id>/",
        views.TrackingNumberStatus.as_view(),
        name="tracking_number_status",
    ),
    path(
        "requests/<int:request_id>/fields-not-held/",
        views.FieldsNotHeld.as_view(),
        name="fields_not_held",
    ),
    path("requests/<int:request_id>/send/", mail.send, name="mail_send"),
    path("mail/messages/", mail.messages, name="mail_message_list"),
    path("mail/messages/<int:message_id>/assign/", mail.assign, name="mail_assign"),
    path("mail/messages/<int:message_id>/confirm/", mail.confirm, name="mail_confirm"),
    # Data admins
    path("files/", views.ReceivedFileListCreate.as_view(), name="file_list"),
    path("files/<int:file_id>/", views.ReceivedFileDetail.as_view(), name="file_detail"),
    path("tables/", views.TableList.as_view(), name="table_list"),
    path("tables/<int:table_id>/", views.TableDetail.as_view(), name="table_detail"),
    path("tables/<int:table_id>/status/", views.TableStatus.as_view(), name="table_status"),
    path("tables/<int:table_id>/roles/", views.TableRoles.as_view(), name="table_roles"),
    path("link-runs/", views.LinkRunListCreate.as_view(), name="link_run_list"),
    path("link-runs/<int:run_id>/", views.LinkRunDetail.as_view(), name="link_run_detail"),
    # Tokens
    path("auth/token/", views.TokenObtain.as_view(), name="token"),
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
