from django.db.models import Count, Prefetch, Q
from django.views.generic import ListView

from core.query_parameters import ReadsQueryParameters
from core.views import PublishedDetailView
from images.models import with_pictures
from projects.filters import LIST_PARAMETERS, SORT_CHOICES, ProjectFilter
from projects.models import Country, Project, ProjectResult
from projects.result_groups import results_for_country
from projects.services import listed_projects, project_facets
from search.window import ResultWindowPaginator
from search.words import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, cut_query, query_is_cut

COUNTRY_PAGE_ITEMS = 20


class ProjectListView(ReadsQueryParameters, ListView):
    """Published projects, searched and filtered by the GET parameters of ProjectFilter.

    The page works on a window of the first results (`ResultWindowPaginator.cap` of them):
    their ids come from one bounded query, the facets count them, and the page's projects
    are read by id.
    """

    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 20
    paginator_class = ResultWindowPaginator
    query_parameters = LIST_PARAMETERS

    def get_queryset(self):
        self.filter_data = self.request.GET.copy()
        if "q" in self.filter_data:
            self.filter_data["q"] = cut_query(self.filter_data["q"])
        self.filterset = ProjectFilter(self.filter_data, queryset=Project.objects.published())
        return self.filterset.result_ids(self.paginator_class.cap + 1)

    def paginate_queryset(self, queryset, page_size):
        # get_page() turns a missing, non-numeric or out-of-range page into a valid one.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = listed_projects(page.object_list, self.filterset.reference)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        form = filterset.form
        # Links start from the parameters in use: ignored values and the page are left out.
        params = self.filter_data.copy()
        for name in [*form.errors, "page"]:
            params.pop(name, None)
        selected_countries = form.cleaned_data.get("country", [])
        facets = project_facets(context["paginator"].object_list, filterset.reference)
        query = form.cleaned_data.get("q", "") if filterset.words else ""
        context.update(
            form=form,
            params=params,
            query=query,
            query_was_cut=query_is_cut(self.request.GET.get("q")),
            max_query_length=MAX_QUERY_LENGTH,
            max_query_words=MAX_QUERY_WORDS,
            ignored=[
                {"label": form[name].label, "messages": errors}
                for name, errors in form.errors.items()
            ],
            active_filters=active_filters(filterset, query, params),
            removable_words=removable_words(filterset.words),
            selected_countries=selected_countries,
            facets=facets,
            country_facets=[
                {"country": country, "add": [*selected_countries, country.slug]}
                for country in facets["countries"]
            ],
            sort=form.cleaned_data.get("sort") or "relevance",
            sort_choices=SORT_CHOICES,
            page_title=f"Projects matching “{query}”" if query else "Projects",
            page_description=(
                "Projects of the Lancang-Mekong Cooperation, searchable by country, "
                "cooperation area, status, years and funding, each with its sources."
            ),
        )
        return context


def without(params, name, value=None):
    """`params` without the parameter `name`, or without just its one `value`."""
    params = params.copy()
    remaining = [] if value is None else [v for v in params.getlist(name) if v != value]
    if remaining:
        params.setlist(name, remaining)
    else:
        params.pop(name, None)
    return params


def active_filters(filterset, query, params):
    """Each filter in use, with the parameters that remove just that one."""
    cleaned_data = filterset.form.cleaned_data
    active = []
    if query:
        active.append({"label": "Words", "value": query, "params": without(params, "q")})
    for slug in cleaned_data.get("country", []):
        active.append(
            {
                "label": "Country",
                "value": filterset.name_of("country", slug),
                "params": without(params, "country", slug),
            }
        )
    labels = {
        "area": "Area",
        "status": "Status",
        "year_from": "From year",
        "year_to": "To year",
        "funding": "Funding",
    }
    for name, label in labels.items():
        value = cleaned_data.get(name)
        if not value:
            continue
        if name == "status":
            shown = Project.Status(value).label
        elif name in ("area", "funding"):
            shown = filterset.name_of(name, value)
        else:
            shown = str(value)
        active.append({"label": label, "value": shown, "params": without(params, name)})
    return active


def removable_words(words):
    """For an empty result of several words: each word, with the query that leaves it out."""
    if len(words) < 2:
        return []
    return [
        {"word": word, "rest": " ".join(other for other in words if other != word)}
        for word in words
    ]


def published_events():
    """The published events that a project page lists. The event model is reached through the
    relation it declares to Project: timeline sits above projects, so it is never imported here."""
    return Project._meta.get_field("events").related_model.objects.published()


class ProjectDetailView(PublishedDetailView):
    model = Project

    def get_queryset(self):
        return (
            with_pictures(super().get_queryset())
            .select_related("funding_source")
            .prefetch_related(
                "countries",
                "areas",
                "sources",
                Prefetch("results", queryset=ProjectResult.objects.select_related("source")),
                Prefetch("events", queryset=published_events(), to_attr="public_events"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=self.object.title, page_description=self.object.summary)
        return context


class CountryListView(ReadsQueryParameters, ListView):
    template_name = "countries/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        published = Project.objects.published().values("pk")
        # An aggregate drops the model's default order, so it is given again.
        return (
            Country.objects.published()
            .annotate(project_count=Count("projects", filter=Q(projects__in=published)))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title="Countries",
            page_description=(
                "The six members of the Lancang-Mekong Cooperation and their projects."
            ),
        )
        return context


class CountryDetailView(PublishedDetailView):
    model = Country
    template_name = "countries/country_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("sources")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        context.update(
            projects=country.projects.published().order_by("-published_at", "title")[
                :COUNTRY_PAGE_ITEMS
            ],
            events=country.events.published().order_by("-date", "title")[:COUNTRY_PAGE_ITEMS],
            results=results_for_country(country, COUNTRY_PAGE_ITEMS),
            page_title=country.name,
            page_description=f"{country.official_name}: its projects and timeline events.",
        )
        return context
