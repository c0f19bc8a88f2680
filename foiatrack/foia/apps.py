from django.apps import AppConfig


class FoiaConfig(AppConfig):
    name = "foiatrack.foia"

    def ready(self) -> None:
        from foiatrack.foia import signals

        signals.connect()
