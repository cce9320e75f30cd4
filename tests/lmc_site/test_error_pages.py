import pytest
from django.template.loader import render_to_string
from django.test import override_settings


def content_of(response):
    return response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_gets_the_friendly_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = content_of(response)
    assert content.count("<h1>") == 1
    assert "<h1>Page not found</h1>" in content
    assert "<title>Page not found | Lancang-Mekong Cooperation</title>" in content
    assert '<meta name="robots" content="noindex">' in content
    assert '<a href="/search/">Search the site</a>' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/timeline/no-such-event/", "/%00/", "/timeline/" + "x" * 5000 + "/"]
)
def test_missing_content_gets_the_friendly_not_found_page(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in content_of(response)


def test_the_server_error_page_renders_without_context_or_database():
    # No request and no context: Django renders 500.html with neither.
    html = render_to_string("500.html")

    assert "<h1>Something went wrong</h1>" in html
    assert '<a href="/">Go to the home page</a>' in html
    assert "{%" not in html


@pytest.mark.urls("tests.lmc_site.raising_urls")
@override_settings(DEBUG=False)
def test_an_error_in_a_view_gets_the_server_error_page(client):
    client.raise_request_exception = False

    response = client.get("/fail/")

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in content_of(response)
