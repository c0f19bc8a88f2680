from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "foiatrack.pipeline"

    def ready(self) -> None:
        from foiatrack.pipeline import visibility

        visibility.connect()
