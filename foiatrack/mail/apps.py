from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "foiatrack.mail"
    verbose_name = "foiatrack mail"

    def ready(self) -> None:
        # django-anymail hands verified inbound mail to a signal, its only public hook;
        # this one receiver passes each message to the same service as IMAP and .eml.
        from anymail.signals import inbound

        from foiatrack.mail.webhooks import on_inbound

        inbound.connect(on_inbound, dispatch_uid="foiatrack-mail-inbound")
