"""The address a request came from, for rate limits and logs."""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request):
    """The visitor's address; every rate limit and log line reads it from here.

    Behind a TLS-terminating proxy (DJANGO_BEHIND_PROXY=1) every request comes from the
    proxy, so the address is the last one the proxy added to X-Forwarded-For; anything
    before it was written by the client and cannot be trusted. Without the proxy setting the
    header is ignored, since any client can send it.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _valid(forwarded):
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
