"""The site-wide search page: the first results of every registered kind."""

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from core.queries import in_order
from core.query_parameters import QueryParameters, reads_query_parameters
from search import registry, words
from search.engine import ranked_ids
from search.window import ResultWindowPaginator

SEARCH_RESULTS_PER_KIND = 20


class SearchForm(forms.Form):
    q = forms.CharField(label="Search projects and events", required=False)


@reads_query_parameters(QueryParameters("q"))
def site_search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    was_cut = words.query_is_cut(query)
    query = words.cut_query(query)
    context = {
        "form": form,
        "query": query,
        "was_cut": was_cut,
        "max_length": words.MAX_QUERY_LENGTH,
        "max_words": words.MAX_QUERY_WORDS,
        "page_title": f"Search: {query}" if query else "Search",
        "page_description": "Search the projects and timeline events of the site.",
    }
    if words.query_words(query):
        for kind in registry.kinds():
            context.update(kind_results(kind, query))
    return render(request, "search/page.html", context)


def kind_results(kind, query):
    """The context of one kind of results, named after it: e.g. `projects`, `project_count`,
    `projects_capped` and `projects_url`."""
    # Counted up to the same window as the lists, so a common word costs no more.
    window = ResultWindowPaginator.cap
    ids = ranked_ids(kind.public_rows(), query, window + 1, public=True)
    shown = kind.public_rows().prefetch_related(*kind.shown_with)
    results = {
        kind.name: in_order(shown, ids[:SEARCH_RESULTS_PER_KIND]),
        f"{kind.model._meta.model_name}_count": min(len(ids), window),
        f"{kind.name}_capped": len(ids) > window,
    }
    if kind.list_url:
        results[f"{kind.name}_url"] = f"{reverse(kind.list_url)}?{urlencode({'q': query})}"
    return results
