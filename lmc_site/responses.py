"""How every response leaves the site: compressed when the client asks, no body for HEAD.

`TextGZipMiddleware` sits above the page cache (settings.MIDDLEWARE), so the cache stores each
page once, uncompressed, and each client gets it compressed or not as its Accept-Encoding says;
the response then says `Vary: Accept-Encoding`. Only text is compressed: images and archives
are compressed already. Django's GZipMiddleware turns the ETag weak (`W/"..."`), and Django
compares ETags weakly, so a client's conditional request still gets 304.

`HeadWithoutBodyMiddleware` is outermost: a HEAD request is answered like a GET, page cache
included, with the GET's headers and no body.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/javascript",
    "application/manifest+json",
    "image/svg+xml",
)


def is_text(response):
    return response.get("Content-Type", "").lower().startswith(COMPRESSIBLE_TYPES)


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text responses only."""

    def process_response(self, request, response):
        if not is_text(response):
            return response
        return super().process_response(request, response)


class HeadWithoutBodyMiddleware:
    """Answers HEAD with the headers a GET would get, and no body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response
