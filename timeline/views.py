from django.views.generic import ListView

from lmc_site.mixins import PublishedDetailView
from timeline.models import Event


class TimelineView(ListView):
    def get_queryset(self):
        return Event.objects.published()


class EventDetailView(PublishedDetailView):
    model = Event
