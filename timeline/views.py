import itertools

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.views.generic import TemplateView

from core.query_parameters import ReadsQueryParameters
from core.views import PublishedDetailView
from images.models import with_pictures
from projects.models import Project
from timeline.filters import LIST_PARAMETERS, EventFilter
from timeline.models import Event, PlanPeriod

# Up to SINGLE_PAGE_LIMIT - 1 events show on one page; more are split PER_PAGE at a time.
SINGLE_PAGE_LIMIT = 200
PER_PAGE = 100


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)


class CountedPaginator(Paginator):
    """A paginator told its count, so that it does not run a COUNT query of its own."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def first_pages(year_counts, per_page):
    """For (year, count) pairs in date order, the page on which each year starts."""
    pages = {}
    seen = 0
    for year, count in year_counts:
        pages[year] = seen // per_page + 1
        seen += count
    return pages


def group_by_year(events, plan_periods):
    """The events of one page as year sections, each with the plan periods covering it."""
    return [
        {
            "year": year,
            "events": list(year_events),
            "plan_periods": [plan for plan in plan_periods if plan.covers(year)],
        }
        for year, year_events in itertools.groupby(events, key=lambda event: event.date.year)
    ]


class TimelineView(ReadsQueryParameters, TemplateView):
    template_name = "timeline/event_list.html"
    query_parameters = LIST_PARAMETERS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event_filter = EventFilter(self.request.GET, queryset=Event.objects.published())
        events = event_filter.qs.order_by("date", "pk")
        year_counts = list(
            events.annotate(year=ExtractYear("date"))
            .order_by("year")
            .values_list("year")
            .annotate(count=Count("pk"))
        )
        total = sum(count for _, count in year_counts)
        per_page = PER_PAGE if total >= SINGLE_PAGE_LIMIT else max(total, 1)
        page_form = PageForm(self.request.GET)
        page = self.get_page(CountedPaginator(events, per_page, count=total), page_form)
        first_page_of = first_pages(year_counts, per_page)
        page_is_valid = page_form.is_valid() and page.number == (
            page_form.cleaned_data["page"] or 1
        )
        ignored = event_filter.invalid_labels() + ([] if page_is_valid else ["Page"])
        context.update(
            {
                "filter": event_filter,
                "filter_query": event_filter.valid_query(),
                "ignored_filters": ignored,
                "page_obj": page,
                "is_paginated": page.has_other_pages(),
                "event_count": total,
                "years": [{"year": year, "page": first_page_of[year]} for year, _ in year_counts],
                "year_sections": group_by_year(page.object_list, list(PlanPeriod.objects.all())),
                "page_title": "Timeline",
                "page_description": (
                    "The Lancang-Mekong Cooperation year by year: meetings, declarations, "
                    "plans and project milestones, each with its sources."
                ),
            }
        )
        return context

    def get_page(self, paginator, page_form):
        """The page asked for, or the nearest one when the number is not a page of this list."""
        number = page_form.cleaned_data["page"] if page_form.is_valid() else None
        return paginator.get_page(number)


class EventDetailView(PublishedDetailView):
    model = Event

    def get_queryset(self):
        return with_pictures(super().get_queryset()).prefetch_related(
            "countries",
            "sources",
            Prefetch(
                "related_projects",
                queryset=Project.objects.published(),
                to_attr="published_projects",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        published = Event.objects.published()
        context.update(
            {
                "previous_event": published.filter(
                    Q(date__lt=event.date) | Q(date=event.date, pk__lt=event.pk)
                )
                .order_by("-date", "-pk")
                .first(),
                "next_event": published.filter(
                    Q(date__gt=event.date) | Q(date=event.date, pk__gt=event.pk)
                )
                .order_by("date", "pk")
                .first(),
                "page_title": event.title,
                "page_description": event.summary,
            }
        )
        return context
