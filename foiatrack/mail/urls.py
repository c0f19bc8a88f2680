from django.urls import path

from foiatrack.mail import views
from foiatrack.mail.webhooks import inbound_webhook

app_name = "mail"
urlpatterns = [
    # Staff
    path("requests/<int:request_id>/send/<slug:kind>/", views.send, name="send"),
    path("requests/<int:request_id>/eml/", views.eml_upload, name="eml_upload"),
    path("triage/", views.triage, name="triage"),
    path("messages/<int:message_id>/", views.message_detail, name="message_detail"),
    path("messages/<int:message_id>/assign/", views.assign, name="assign"),
    path("messages/<int:message_id>/confirm/", views.confirm, name="confirm"),
    path("messages/<int:message_id>/raw.eml", views.raw_download, name="raw_download"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    # Providers (django-anymail checks each call's signature)
    path("inbound/<slug:provider>/", inbound_webhook, name="inbound_webhook"),
]
