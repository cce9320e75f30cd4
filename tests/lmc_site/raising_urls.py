"""The site's URLs plus one that fails, to test the server error page."""

from django.urls import path

from lmc_site.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A failure on purpose, for the test of the error page.")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
