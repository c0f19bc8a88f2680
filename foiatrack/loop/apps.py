from django.apps import AppConfig


class LoopConfig(AppConfig):
    name = "foiatrack.loop"
