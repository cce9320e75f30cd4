"""The sitemap: the public pages, and every published project, event and country."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from projects.models import Country, Project
from timeline.models import Event

# Far below the protocol's 50,000, so that a page missing from the page cache is quick to
# build; the index lists every page.
URLS_PER_SITEMAP = 1_000


class StaticPagesSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def items(self):
        return [
            "home",
            "about",
            "outcomes",
            "projects:index",
            "timeline:index",
            "countries:index",
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(Sitemap):
    """A sitemap of one model's public items, in a stable order for paging."""

    limit = URLS_PER_SITEMAP
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    @cached_property
    def paginator(self):
        # Django builds a new paginator, and counts again, each time it is asked.
        return Paginator(self._items(), self.limit)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which loads every item.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProjectSitemap(ContentSitemap):
    model = Project


class EventSitemap(ContentSitemap):
    model = Event


class CountrySitemap(ContentSitemap):
    model = Country


def build_sitemaps():
    """Fresh sitemaps for each request, as each keeps its paginator and item count."""
    return {
        "pages": StaticPagesSitemap(),
        "projects": ProjectSitemap(),
        "timeline": EventSitemap(),
        "countries": CountrySitemap(),
    }
