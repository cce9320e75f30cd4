import pytest
from django.core.cache import cache
from django.http import QueryDict

from core.query_parameters import QueryParameters
from tests.factories import make_countries, make_event, make_project

FILTERS = QueryParameters(
    "q",
    "country",
    "status",
    "page",
    repeatable=["country"],
    paging=["page"],
    defaults={"page": "1"},
)


def canonical(query_string):
    return FILTERS.canonical(QueryDict(query_string)).urlencode()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("", ""),
        ("country=laos&country=china&country=laos", "country=china&country=laos"),
        (
            "status=completed&country=thailand&country=china",
            "country=china&country=thailand&status=completed",
        ),
        (
            "country=china&status=completed&country=thailand",
            "country=china&country=thailand&status=completed",
        ),
        ("x=1&utm_source=mail&country=china", "country=china"),
        ("q=&country=&status=completed", "status=completed"),
        ("status=planned&status=completed", "status=completed"),
        ("page=1&country=china", "country=china"),
        ("page=2&country=china", "country=china&page=2"),
        ("q=rail+way", "q=rail+way"),
        ("q=" + "x" * 1200, "q=" + "x" * 1000),
    ],
)
def test_filter_parameters_have_one_canonical_form(given, expected):
    assert canonical(given) == expected


def test_canonical_form_is_stable():
    once = canonical("status=completed&country=thailand&country=china&country=china&x=1")

    assert canonical(once) == once


def test_paging_values_are_not_counted_as_filter_values():
    assert FILTERS.filter_value_count(QueryDict("country=china&page=3")) == 1
    assert FILTERS.filter_value_count(QueryDict("country=china&country=laos")) == 2


def test_declaring_an_option_for_an_unread_parameter_is_refused():
    with pytest.raises(ValueError, match="page"):
        QueryParameters("q", paging=["page"])


@pytest.fixture
def public_addresses(db):
    countries = make_countries()
    project = make_project(countries=countries[:1])
    event = make_event(countries=countries[:1])
    return [
        "/",
        "/about/",
        "/outcomes/",
        "/search/",
        "/projects/",
        project.get_absolute_url(),
        "/countries/",
        countries[0].get_absolute_url(),
        "/timeline/",
        event.get_absolute_url(),
        "/sitemap.xml",
        "/sitemap-projects.xml",
        "/robots.txt",
    ]


def test_every_public_page_redirects_an_unknown_parameter_to_its_clean_address(
    client, public_addresses
):
    for path in public_addresses:
        response = client.get(f"{path}?x=1")

        assert response.status_code == 301, path
        assert response["Location"] == path
        assert "public" in response["Cache-Control"]
        assert "max-age=" in response["Cache-Control"]
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "given", "expected"),
    [
        ("/search/", "x=1&q=rail", "q=rail"),
        ("/projects/", "status=completed&country=laos&x=1", "country=laos&status=completed"),
        ("/timeline/", "year=2016&kind=meeting&y=2", "kind=meeting&year=2016"),
        ("/sitemap-projects.xml", "p=1", ""),
    ],
)
def test_known_parameters_are_kept_in_canonical_order(client, db, path, given, expected):
    response = client.get(f"{path}?{given}")

    assert response.status_code == 301
    assert response["Location"] == (f"{path}?{expected}" if expected else path)


def test_a_canonical_address_is_answered_without_a_redirect(client, db):
    make_countries()

    response = client.get("/projects/?country=china&country=laos&status=completed")

    assert response.status_code == 200


def test_250_repeated_countries_are_redirected_once_to_each_country_once(client, db):
    countries = make_countries()
    slugs = [country.slug for country in countries]
    repeated = "&".join(f"country={slugs[i % len(slugs)]}" for i in range(250))

    response = client.get(f"/projects/?{repeated}")

    assert response.status_code == 301
    expected = "&".join(f"country={slug}" for slug in sorted(slugs))
    assert response["Location"] == f"/projects/?{expected}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    print(f"250 country values: redirect of {len(response.content)} bytes,", end=" ")
    print(f"then a page of {len(page.content)} bytes")
    assert len(page.content) < 100_000


def test_a_random_parameter_is_redirected_without_rendering_the_page(
    client, db, settings, django_assert_num_queries
):
    # The page cache stores only pages (200), so the redirect makes no entry either.
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    client.get("/outcomes/")

    with django_assert_num_queries(0):
        response = client.get("/outcomes/?x=8f3a1c")

    assert response.status_code == 301
    cache.clear()
