from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timeline"

    def ready(self):
        import search
        from timeline.models import Event

        search.register(
            Event,
            kind="events",
            place="place",
            related=[search.Names("countries", ["name", "official_name"])],
            public=Event.objects.published,
        )
