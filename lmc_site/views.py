from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import TemplateView

from core.query_parameters import (
    QueryParameters,
    ReadsQueryParameters,
    reads_query_parameters,
)
from lmc_site.sitemaps import build_sitemaps
from projects import filters as project_filters
from projects.models import CooperationArea, Country, KeyFigure, Project
from projects.result_groups import top_results_by
from timeline import filters as timeline_filters
from timeline.models import Event, PlanPeriod

HOME_KEY_FIGURES = 8
HOME_FEATURED_PROJECTS = 6
HOME_LATEST_EVENTS = 5
OUTCOMES_KEY_FIGURES = 100


def published_key_figures():
    return KeyFigure.objects.published().prefetch_related("sources")


class HomeView(ReadsQueryParameters, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "key_figures": published_key_figures()[:HOME_KEY_FIGURES],
                "featured_projects": (
                    Project.objects.published()
                    .filter(featured=True)
                    .prefetch_related("countries")[:HOME_FEATURED_PROJECTS]
                ),
                "latest_events": Event.objects.published().order_by("-date", "-pk")[
                    :HOME_LATEST_EVENTS
                ],
                "countries": Country.objects.published(),
            }
        )
        return context


class AboutView(ReadsQueryParameters, TemplateView):
    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pillars = CooperationArea.objects.filter(kind=CooperationArea.Kind.PILLAR).prefetch_related(
            Prefetch("areas", queryset=CooperationArea.objects.order_by("position", "name"))
        )
        for pillar in pillars:
            areas = pillar.areas.all()
            pillar.priority_areas = [a for a in areas if a.kind == CooperationArea.Kind.PRIORITY]
            pillar.further_areas = [a for a in areas if a.kind == CooperationArea.Kind.FURTHER]
        context.update(
            {
                "pillars": pillars,
                "plan_periods": PlanPeriod.objects.prefetch_related("sources"),
                "page_title": "About the cooperation and this site",
                "page_description": (
                    "How the Lancang-Mekong Cooperation began, how it is organised, "
                    "and how this site sources and corrects its content."
                ),
            }
        )
        return context


class OutcomesView(ReadsQueryParameters, TemplateView):
    template_name = "pages/outcomes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "key_figures": published_key_figures()[:OUTCOMES_KEY_FIGURES],
                "results_by_area": top_results_by("areas", "area"),
                "results_by_country": top_results_by("countries", "country"),
                "page_title": "Outcomes",
                "page_description": (
                    "Key figures of the Lancang-Mekong Cooperation and results of its projects, "
                    "by cooperation area and by country, each with its source."
                ),
            }
        )
        return context


@reads_query_parameters()
def sitemap(request):
    """An index of the sitemap pages, whatever the amount of content, so that its address
    never changes from a sitemap to an index as content grows."""
    return sitemap_views.index(request, build_sitemaps(), sitemap_url_name="sitemap-section")


@reads_query_parameters(QueryParameters("p", defaults={"p": "1"}))
def sitemap_section(request, section):
    """One page of one section; a page number that is not one of its pages is not found."""
    return sitemap_views.sitemap(request, build_sitemaps(), section=section)


# The filter parameters of the lists: a second one after "&" is a combination of filters.
LIST_FILTERS = {
    "projects:index": project_filters.LIST_PARAMETERS,
    "timeline:index": timeline_filters.LIST_PARAMETERS,
}


@reads_query_parameters()
def robots_txt(request):
    """Crawlers may page through one filter of a list but not through combined filters."""
    combined_filters = [
        f"{reverse(list_name)}*&{name}="
        for list_name, parameters in LIST_FILTERS.items()
        for name in parameters.names
        if name not in parameters.paging
    ]
    return render(
        request,
        "robots.txt",
        {
            "admin_path": f"/{settings.ADMIN_PATH}",
            "combined_filters": combined_filters,
            "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )


def page_not_found(request, exception):
    return render(request, "404.html", {"page_title": "Page not found"}, status=404)
