from django import template

from search.snippets import snippet

register = template.Library()


@register.filter
def search_snippet(item, query):
    """A short extract of the item's summary or body with the words of `query` marked."""
    return snippet(query, item.summary, item.body)
