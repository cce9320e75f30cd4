from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timeline"

    def ready(self):
        register_with_search()
        register_with_editorial()


def register_with_search():
    """What the search indexes of an event, and which events are public."""
    import search
    from timeline.models import Event

    search.register(
        Event,
        kind="events",
        place="place",
        related=[search.Names("countries", ["name", "official_name"])],
        public=Event.objects.published,
    )


def register_with_editorial():
    """What the editorial workflow needs to know of events: the gallery their versions keep
    and the page their preview links open."""
    from editorial.revisions import register_part
    from editorial.views import register_preview
    from images import versions as gallery
    from timeline.models import Event
    from timeline.views import EventDetailView

    register_part(
        Event,
        gallery.LABEL,
        current=gallery.current_gallery,
        kept=gallery.version_gallery,
        replace=gallery.replace_gallery,
    )
    register_preview(Event, EventDetailView)
