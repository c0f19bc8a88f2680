from django.apps import AppConfig


class ReceivedConfig(AppConfig):
    name = "foiatrack.received"

    def ready(self) -> None:
        from foiatrack.received import columnar, signals

        signals.connect()
        columnar.connect()
