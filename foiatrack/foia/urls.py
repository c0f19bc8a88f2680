from django.urls import path

from foiatrack.foia import request_views, views

app_name = "foia"
urlpatterns = [
    # Public
    path("deadline/", views.deadline_calculator, name="deadline_calculator"),
    path("deadline.json", views.deadline_json, name="deadline_json"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("public/requests/", views.public_request_list, name="public_request_list"),
    # Staff
    path("foia/", views.dashboard, name="dashboard"),
    path("foia/requests/", views.request_list, name="request_list"),
    path("foia/requests/export.csv", views.request_export, name="request_export"),
    path("foia/requests/new/", views.request_create, name="request_create"),
    path("foia/requests/<int:request_id>/", request_views.request_detail, name="request_detail"),
    path(
        "foia/requests/<int:request_id>/sent/",
        request_views.request_mark_sent_view,
        name="request_mark_sent",
    ),
    path("foia/requests/<int:request_id>/edit/", views.request_edit, name="request_edit"),
    path(
        "foia/requests/<int:request_id>/status/",
        request_views.request_change_status,
        name="request_change_status",
    ),
    path(
        "foia/requests/<int:request_id>/communications/",
        request_views.communication_create,
        name="communication_create",
    ),
    path(
        "foia/requests/<int:request_id>/communications/<int:communication_id>/attachment",
        views.communication_attachment,
        name="communication_attachment",
    ),
    path("foia/requests/<int:request_id>/fees/", request_views.request_fees, name="request_fees"),
    path(
        "foia/requests/<int:request_id>/appeals/", request_views.appeal_create, name="appeal_create"
    ),
    path("foia/appeals/<int:appeal_id>/decide/", request_views.appeal_decide, name="appeal_decide"),
    path(
        "foia/requests/<int:request_id>/letters/<slug:kind>/", request_views.letter, name="letter"
    ),
    path(
        "foia/requests/<int:request_id>/exemptions/",
        request_views.exemption_create,
        name="exemption_create",
    ),
    path(
        "foia/requests/<int:request_id>/not-held/",
        request_views.fields_not_held,
        name="fields_not_held",
    ),
    path(
        "foia/requests/<int:request_id>/tracking-numbers/",
        request_views.tracking_number_create,
        name="tracking_number_create",
    ),
    path(
        "foia/tracking-numbers/<int:tracking_id>/status/",
        request_views.tracking_number_status,
        name="tracking_number_status",
    ),
]
