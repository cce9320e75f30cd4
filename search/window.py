"""The result window: the most results a list or search page pages through, counts and facets."""

from django.core.paginator import Paginator

RESULT_WINDOW = 500


class ResultWindowPaginator(Paginator):
    """Pages through the ids of a result window: at most RESULT_WINDOW of them, plus one
    more when there are more results than that.

    Beyond the window, `is_capped` is true: the page says "500+" and offers the pages up
    to it, so no request counts, sorts or pages through every match of a common word.
    """

    cap = RESULT_WINDOW

    def __init__(self, ids, per_page, **kwargs):
        self.is_capped = len(ids) > self.cap
        super().__init__(ids[: self.cap], per_page, **kwargs)
