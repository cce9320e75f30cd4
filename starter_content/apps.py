from django.apps import AppConfig


class StarterContentConfig(AppConfig):
    """The starter content loader and the demo data generator, which write both content apps."""

    name = "starter_content"
    verbose_name = "Starter content"
