from django.apps import AppConfig


class ReceivedConfig(AppConfig):
    name = "foiatrack.received"
