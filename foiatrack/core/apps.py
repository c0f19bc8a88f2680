from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "foiatrack.core"
    verbose_name = "foiatrack core"
