"""Probes for a load balancer, request ids in the logs, and a friendly page when the
database is down.

With the database unreachable, any page that needs it answers 503 with `Retry-After`
instead of a traceback; Django drops the broken connection at the end of the request,
so the site recovers by itself as soon as the database is back.
"""

import contextvars
import logging
import re
import uuid

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger("lmc_site.health")

RETRY_AFTER_SECONDS = 30
REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's request id is kept when it looks like one; anything else is replaced.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request being served ('-' outside one)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


def start_request(sender, environ, **kwargs):
    """Names the request before anything logs, so Django's own lines carry the id too."""
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    request_id.set(incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex)


def end_request(sender, **kwargs):
    request_id.set("-")


class RequestIdMiddleware:
    """Gives the request's id to views (request.id) and to the client (X-Request-ID)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id.get()
        if request.id == "-":
            request.id = uuid.uuid4().hex
            request_id.set(request.id)
        response = self.get_response(request)
        response.headers.setdefault(REQUEST_ID_HEADER, request.id)
        return response


def service_unavailable():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Answers 503 when the database cannot be reached, rather than a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "database unreachable: %s %s: %s",
            request.method,
            request.path,
            str(exception).splitlines()[0] if str(exception) else type(exception).__name__,
        )
        response = service_unavailable()
        # The line above says why; Django's own "Service Unavailable" line would repeat it.
        response._has_been_logged = True
        return response


@never_cache
def healthz(request):
    """The process is alive and answering; it touches nothing else."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request):
    """Ready for traffic: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return service_unavailable()
    return HttpResponse("ready\n", content_type="text/plain; charset=utf-8")
