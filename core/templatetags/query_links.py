"""Links that change a view's query parameters, written in the view's canonical form.

A link that would combine several filter values carries rel="nofollow": each such
combination is a page of its own, and a crawler following them all would never finish.
"""

from django import template
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html

register = template.Library()


def _changed_query(context, query, changes):
    view = context["view"]
    query = (context["request"].GET if query is None else query).copy()
    for name, value in changes.items():
        if value is None or value == "":
            query.pop(name, None)
        elif isinstance(value, (list, tuple)):
            query.setlist(name, [str(item) for item in value])
        else:
            query[name] = str(value)
    return view.query_parameters, view.query_parameters.canonical(query)


def _address(context, query):
    path = escape_uri_path(context["request"].path)
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


@register.simple_tag(takes_context=True)
def query_address(context, query=None, **changes):
    """The canonical address of this view with `query` (the current one by default) changed.

    Each keyword sets a parameter: a list sets all its values, None or "" removes it.
    """
    _, canonical = _changed_query(context, query, changes)
    return _address(context, canonical)


@register.simple_tag(takes_context=True)
def query_link(context, query=None, rel="", **changes):
    """The href (and rel) attributes of a link to `query_address` with the same arguments."""
    parameters, canonical = _changed_query(context, query, changes)
    rels = rel.split()
    if parameters.filter_value_count(canonical) > 1:
        rels.append("nofollow")
    if not rels:
        return format_html('href="{}"', _address(context, canonical))
    return format_html('href="{}" rel="{}"', _address(context, canonical), " ".join(rels))
