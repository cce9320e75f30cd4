"""Property-based tests: whatever text, bytes or numbers arrive in a public URL's
parameters or slugs, the site answers 200, a redirect, 304 or 404, never a server error;
400 only for more than 1,000 parameters, or a non-canonical address too long to redirect.

The examples are fixed by the "ci" profile in tests/conftest.py; `make test` runs them on
SQLite and `make test-postgres` on PostgreSQL, which refuses NUL bytes in strings.
"""

from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.conf import settings
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import make_countries, make_event, make_funding_source, make_project

# 400: a non-canonical address whose canonical form is too long to redirect to.
ALLOWED = {200, 301, 302, 304, 400, 404}
# The test client runs one request at a time against data the tests only read, so one
# database per test function is right for all its examples.
fuzz_settings = hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

LIST_PAGES = {
    "/projects/": ["q", "country", "area", "status", "year_from", "year_to", "funding", "sort"],
    "/timeline/": ["kind", "country", "year"],
    "/search/": ["q"],
    "/": [],
    "/about/": [],
    "/outcomes/": [],
    "/countries/": [],
    "/sitemap.xml": [],
    "/robots.txt": [],
    "/healthz": [],
    "/readyz": [],
}
HEALTH_CHECKS = ("/healthz", "/readyz")
SLUG_PREFIXES = ["/projects/", "/timeline/", "/countries/", "/sitemap-"]

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
values = st.one_of(
    st.text(max_size=300),
    numbers,
    st.sampled_from(["abc", "-1", "0", "1", "2016-02-30", "2016-13-01", "0000-00-00", "\x00"]),
    # 10 KB values, from a short random text repeated.
    st.text(min_size=1, max_size=20).map(lambda text: (text * 10_240)[:10_240]),
)
names = st.one_of(
    st.sampled_from(sorted({name for params in LIST_PAGES.values() for name in params})),
    st.just("page"),
    st.text(max_size=40),
)


@pytest.fixture
def site(db):
    countries = make_countries()
    fund = make_funding_source(slug="special-fund")
    project = make_project(
        slug="sweet-spring",
        title="Sweet Spring water",
        countries=countries[:2],
        funding_source=fund,
    )
    event = make_event(slug="sanya-meeting", title="Sanya meeting", countries=countries[:1])
    return {"project": project, "event": event, "country": countries[0]}


def assert_allowed(response, path):
    assert response.status_code in ALLOWED, (path, response.status_code)


@pytest.mark.django_db
@fuzz_settings
@given(
    path=st.sampled_from(sorted(LIST_PAGES)),
    params=st.lists(st.tuples(names, values), max_size=6),
)
@example(path="/projects/", params=[("page", "abc")])
@example(path="/projects/", params=[("page", "-1")])
@example(path="/projects/", params=[("page", "0")])
@example(path="/projects/", params=[("page", str(10**30))])
@example(path="/timeline/", params=[("page", str(10**30)), ("year", str(10**30))])
@example(path="/timeline/", params=[("year", "2016-02-30"), ("page", "abc")])
@example(path="/projects/", params=[("year_from", str(-(10**30))), ("year_to", "1e400")])
@example(path="/projects/", params=[("q", "\x00"), ("country", "\x00"), ("area", "a\x00b")])
@example(path="/timeline/", params=[("country", "\x00"), ("kind", "\x00")])
@example(path="/search/", params=[("q", "x" * 10_240)])
@example(path="/sitemap.xml", params=[("p", "abc")])
@example(path="/projects/", params=[("country", "b"), ("country", "a"), ("country", "b")])
@example(path="/projects/", params=[("page", ""), ("area", ":" * 10_240)])
def test_list_pages_answer_any_parameters(client, site, path, params):
    # Following the redirect to the canonical address checks that page too, and that the
    # canonical form is stable (the client refuses a redirect loop).
    response = client.get(f"{path}?{urlencode(params, doseq=True)}", follow=True)

    assert_allowed(response, path)


@pytest.mark.django_db
@fuzz_settings
@given(
    path=st.sampled_from(sorted(LIST_PAGES)),
    raw=st.binary(max_size=500),
)
@example(path="/projects/", raw=b"q=%00&page=%ff%fe")
@example(path="/timeline/", raw=b"year=%C0%80&country=%E0%80")
@example(path="/projects/", raw=b"q=%ED%A0%80")
@example(path="/projects/", raw=b"&&&=&=%&%%%25&country")
def test_list_pages_answer_any_query_bytes(client, site, path, raw):
    query = quote_from_bytes(raw, safe="=&%")
    response = client.get(f"{path}?{query}", follow=True)

    assert_allowed(response, path)


@pytest.mark.django_db
@fuzz_settings
@given(
    prefix=st.sampled_from(SLUG_PREFIXES),
    slug=st.one_of(st.text(min_size=1, max_size=300), numbers, st.binary(min_size=1, max_size=100)),
)
@example(prefix="/projects/", slug="\x00")
@example(prefix="/countries/", slug="x" * 10_240)
@example(prefix="/timeline/", slug=str(10**30))
@example(prefix="/sitemap-", slug="projects.xml?p=0")
def test_detail_pages_answer_any_slug(client, site, prefix, slug):
    quoted = quote_from_bytes if isinstance(slug, bytes) else quote
    segment = quoted(slug, safe="")
    suffix = "" if prefix == "/sitemap-" else "/"
    response = client.get(f"{prefix}{segment}{suffix}")

    assert_allowed(response, prefix)


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(LIST_PAGES))
def test_more_than_a_thousand_parameters_is_a_bad_request(client, site, path):
    too_many = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    response = client.get(f"{path}?{urlencode([(f'p{i}', i) for i in range(too_many)])}")

    # Django refuses them when a view reads the parameters, as every public page does to
    # redirect those it does not use; the health checks read none.
    assert response.status_code == (200 if path in HEALTH_CHECKS else 400)


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(LIST_PAGES))
def test_a_thousand_parameters_are_still_answered(client, site, path):
    response = client.get(f"{path}?{urlencode([(f'p{i}', i) for i in range(1000)])}", follow=True)

    assert response.status_code == 200


@pytest.mark.django_db
# Two requests with large values per example: a fifth of the examples covers it.
@hypothesis_settings(fuzz_settings, max_examples=max(1, fuzz_settings.max_examples // 5))
@given(junk=st.lists(st.tuples(st.sampled_from(["page", "sort", "zz"]), values), max_size=3))
def test_valid_filters_still_find_their_content_whatever_else_is_sent(client, site, junk):
    country = site["country"].slug
    response = client.get(f"/projects/?{urlencode([('country', country), *junk])}", follow=True)
    assert response.status_code == 200
    assert "Sweet Spring water" in response.content.decode()

    response = client.get(f"/timeline/?{urlencode([('country', country), *junk])}", follow=True)
    assert response.status_code == 200
    assert "Sanya meeting" in response.content.decode()


@pytest.mark.django_db
def test_valid_slugs_give_their_pages(client, site):
    for item, title in [
        (site["project"], "Sweet Spring water"),
        (site["event"], "Sanya meeting"),
        (site["country"], site["country"].name),
    ]:
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert title in response.content.decode()
