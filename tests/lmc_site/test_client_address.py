"""One place reads the client's address, for every rate limit and log line."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils.module_loading import import_string

from lmc_site.client_address import client_address


def request_from(remote, forwarded=None):
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_the_proxy_the_address_it_added_last_is_used(settings):
    settings.BEHIND_PROXY = True
    request = request_from("10.0.0.2", "198.51.100.66, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_behind_the_proxy_without_the_header_the_connection_address_is_used(settings):
    settings.BEHIND_PROXY = True
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"


@pytest.mark.parametrize("forwarded", ["not-an-address", "203.0.113.9, ", "unknown"])
def test_behind_the_proxy_a_malformed_forwarded_address_is_not_trusted(settings, forwarded):
    settings.BEHIND_PROXY = True
    assert client_address(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_the_admin_lockout_counts_failures_by_the_same_address():
    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is client_address
