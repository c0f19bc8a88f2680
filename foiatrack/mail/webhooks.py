"""Inbound mail from providers through django-anymail, which checks each webhook's
signature (and basic-auth secret) before it sends the `inbound` signal."""

import logging
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from foiatrack.mail.models import MailMessage
from foiatrack.mail.receiving import message_receive

logger = logging.getLogger(__name__)

# Providers whose inbound webhook is wired at /mail/inbound/<provider>/.
INBOUND_VIEWS = {
    "amazon_ses": "anymail.webhooks.amazon_ses.AmazonSESInboundWebhookView",
    "brevo": "anymail.webhooks.brevo.BrevoInboundWebhookView",
    "mailersend": "anymail.webhooks.mailersend.MailerSendInboundWebhookView",
    "mailgun": "anymail.webhooks.mailgun.MailgunInboundWebhookView",
    "mailjet": "anymail.webhooks.mailjet.MailjetInboundWebhookView",
    "mandrill": "anymail.webhooks.mandrill.MandrillCombinedWebhookView",
    "postal": "anymail.webhooks.postal.PostalInboundWebhookView",
    "postmark": "anymail.webhooks.postmark.PostmarkInboundWebhookView",
    "resend": "anymail.webhooks.resend.ResendInboundWebhookView",
    "sendgrid": "anymail.webhooks.sendgrid.SendGridInboundWebhookView",
    "sparkpost": "anymail.webhooks.sparkpost.SparkPostInboundWebhookView",
}


@cache
def _provider_view(path: str):
    return import_string(path).as_view()


@csrf_exempt  # a provider cannot hold our CSRF token; anymail checks its signature instead
def inbound_webhook(request, provider: str):
    """Dispatch to the provider's anymail view (it verifies, then signals on_inbound)."""
    path = INBOUND_VIEWS.get(provider)
    if path is None:
        raise Http404("No such mail provider.")
    try:
        return _provider_view(path)(request)
    except ImproperlyConfigured as error:
        # The provider's signing key or secret is not set: nothing is accepted unverified.
        logger.warning("inbound webhook for %s is not configured: %s", provider, error)
        raise Http404("This mail provider is not configured.") from None


def on_inbound(sender, event, esp_name: str, **kwargs) -> None:
    """anymail's `inbound` signal: the verified message goes to the receiving service."""
    message = event.message
    raw = message.as_bytes() if message is not None else b""
    recipient = getattr(message, "envelope_recipient", None) or ""
    result = message_receive(
        raw=raw, source=MailMessage.Source.WEBHOOK, envelope_recipients=(recipient,)
    )
    logger.info(
        "inbound %s message %s: %s", esp_name, result.message.message_id, result.message.matched_by
    )
