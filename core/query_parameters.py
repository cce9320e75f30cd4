"""The query parameters each public view reads, and their one canonical form.

Every public page declares the parameters it reads. An address whose query string is not
in canonical form, or that carries parameters the view does not read, answers 301 with
the canonical address. So a random parameter cannot make a new page-cache entry, repeated
or reordered filter values cannot make new addresses for a crawler, and the view sees
exactly the address the page cache keyed on (which is why this is not done in middleware).

The canonical form: the declared parameters in their declared order, unknown ones and
empty values dropped; a parameter that may repeat keeps each value once, sorted; one that
may not keeps its last value (the one Django's `QueryDict` gives the view); a value equal
to the parameter's default is dropped, as the address without it shows the same page.
A value longer than MAX_VALUE_LENGTH is cut to it: no link of the site carries one, and a
view that reads long text cuts it shorter still (a search is cut to 200 characters).
"""

import functools

from django.core.exceptions import BadRequest
from django.http import HttpResponsePermanentRedirect, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import MAX_URL_REDIRECT_LENGTH

# The mapping to a canonical address changes only with the code, so clients, proxies and
# CDNs may keep a redirect for a day.
REDIRECT_MAX_AGE = 24 * 60 * 60
MAX_VALUE_LENGTH = 1_000


class QueryParameters:
    """The query parameters one view reads.

    `names` in the order of the canonical form; `repeatable` those that may carry several
    values; `paging` those that move through one list rather than choose what it holds;
    `defaults` maps a parameter to the value that is the same as leaving it out.
    """

    def __init__(self, *names, repeatable=(), paging=(), defaults=None):
        self.names = names
        self.repeatable = frozenset(repeatable)
        self.paging = frozenset(paging)
        self.defaults = defaults or {}
        unknown = (self.repeatable | self.paging | set(self.defaults)) - set(names)
        if unknown:
            raise ValueError(f"not among the parameters read: {sorted(unknown)}")

    def canonical(self, query):
        """A new QueryDict holding `query` in canonical form."""
        canonical = QueryDict(mutable=True)
        for name in self.names:
            values = [value[:MAX_VALUE_LENGTH] for value in query.getlist(name) if value != ""]
            values = sorted(set(values)) if name in self.repeatable else values[-1:]
            values = [value for value in values if value != self.defaults.get(name)]
            if values:
                canonical.setlist(name, values)
        return canonical

    def filter_value_count(self, query):
        """How many values of `query` choose what the list holds (paging not counted)."""
        return sum(len(values) for name, values in query.lists() if name not in self.paging)


def canonical_redirect(request, parameters):
    """A 301 to the canonical address of `request`, or None when it already is canonical."""
    if request.method not in ("GET", "HEAD"):
        return None
    canonical = parameters.canonical(request.GET).urlencode()
    if canonical == request.META.get("QUERY_STRING", ""):
        return None
    path = escape_uri_path(request.path)
    location = f"{path}?{canonical}" if canonical else path
    if len(location) > MAX_URL_REDIRECT_LENGTH:
        # No link of the site is that long, and Django refuses to redirect to it.
        raise BadRequest("The address is too long.")
    response = HttpResponsePermanentRedirect(location)
    patch_cache_control(response, public=True, max_age=REDIRECT_MAX_AGE)
    return response


NO_PARAMETERS = QueryParameters()


class ReadsQueryParameters:
    """For a class-based view: `query_parameters` declares what it reads (nothing by default)."""

    query_parameters = NO_PARAMETERS

    def dispatch(self, request, *args, **kwargs):
        redirect = canonical_redirect(request, self.query_parameters)
        if redirect is not None:
            return redirect
        return super().dispatch(request, *args, **kwargs)


def reads_query_parameters(parameters=NO_PARAMETERS):
    """For a function view: declares the parameters it reads (nothing by default)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            redirect = canonical_redirect(request, parameters)
            if redirect is not None:
                return redirect
            return view(request, *args, **kwargs)

        wrapped.query_parameters = parameters
        return wrapped

    return decorator
