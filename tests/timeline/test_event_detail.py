import datetime

import pytest

from tests.factories import (
    make_countries,
    make_event,
    make_linked_content,
    make_project,
    make_source,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db


def content_of(response):
    return response.content.decode()


def test_event_page_shows_its_facts(client):
    cambodia, china, *_ = make_countries()
    source = make_source(title="Sanya Declaration", url="https://example.org/sanya")
    event = make_event(
        title="First Leaders' Meeting",
        kind=Event.Kind.LEADERS_MEETING,
        place="Sanya, Hainan, China",
        countries=[china, cambodia],
        summary="The leaders issued the Sanya Declaration.",
        body="The meeting set the **3+5** framework.",
        sources=[source],
        sourcing_note="Venue from a single secondary source.",
    )

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    content = content_of(response)
    assert "<h1>First Leaders&#x27; Meeting</h1>" in content
    assert "<dd>23 March 2016</dd>" in content
    assert "<dd>Leaders&#x27; meeting</dd>" in content
    assert "<dd>Sanya, Hainan, China</dd>" in content
    assert '<a href="/countries/china/">China</a>' in content
    assert '<a href="/countries/cambodia/">Cambodia</a>' in content
    assert "The leaders issued the Sanya Declaration." in content
    assert "<strong>3+5</strong>" in content
    assert (
        '<a href="https://example.org/sanya" rel="noopener nofollow">Sanya Declaration</a>'
        in content
    )
    assert "Venue from a single secondary source." in content
    assert response.context["page_title"] == "First Leaders' Meeting"


def test_event_body_is_sanitised(client):
    event = make_event(body="Text <script>alert(1)</script> [link](javascript:alert(1))")

    content = content_of(client.get(event.get_absolute_url()))

    assert "<script>alert(1)" not in content
    assert "javascript:" not in content


def test_only_published_related_projects_are_shown(client):
    published = make_project(title="Published railway")
    draft = make_project(state="draft", title="Draft railway")
    scheduled = make_project(state="scheduled", title="Scheduled railway")
    event = make_event(projects=[published, draft, scheduled])

    content = content_of(client.get(event.get_absolute_url()))

    assert f'<a href="{published.get_absolute_url()}">Published railway</a>' in content
    assert "Draft railway" not in content
    assert "Scheduled railway" not in content


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_event_is_not_found(client, state):
    event = make_event(state=state)

    assert client.get(event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("slug", ["no-such-event", "%00", "x" * 5000, "湄公河"])
def test_unknown_slug_is_not_found(client, slug):
    make_event()

    assert client.get(f"/timeline/{slug}/").status_code == 404


def test_staff_can_preview_a_draft_with_a_banner(staff_client):
    event = make_event(state="draft", title="Draft meeting")

    response = staff_client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "Draft preview, not public." in content_of(response)
    assert "no-cache" in response["Cache-Control"]


def test_old_slug_redirects_to_the_current_address(client):
    event = make_event(slug="old-name")
    event.slug = "new-name"
    event.save()

    response = client.get("/timeline/old-name/")

    assert response.status_code == 301
    assert response["Location"] == "/timeline/new-name/"


def test_previous_and_next_are_the_neighbouring_published_events_by_date_then_pk(client):
    first = make_event(title="Earliest", date=datetime.date(2014, 11, 13))
    make_event(state="draft", title="Draft between", date=datetime.date(2015, 1, 1))
    make_event(state="scheduled", title="Scheduled between", date=datetime.date(2015, 2, 1))
    same_day_a = make_event(title="Same day A", date=datetime.date(2016, 3, 23))
    same_day_b = make_event(title="Same day B", date=datetime.date(2016, 3, 23))
    last = make_event(title="Latest", date=datetime.date(2018, 1, 10))

    def neighbours(event):
        context = client.get(event.get_absolute_url()).context
        return context["previous_event"], context["next_event"]

    assert neighbours(first) == (None, same_day_a)
    assert neighbours(same_day_a) == (first, same_day_b)
    assert neighbours(same_day_b) == (same_day_a, last)
    assert neighbours(last) == (same_day_b, None)
    content = content_of(client.get(same_day_a.get_absolute_url()))
    assert f'<a href="{first.get_absolute_url()}" rel="prev">' in content
    assert f'<a href="{same_day_b.get_absolute_url()}" rel="next">' in content
    assert "between" not in content


def test_a_year_precision_event_comes_before_a_day_in_that_year(client):
    year_event = make_event(date=datetime.date(2014, 12, 1), date_precision="year")
    day_event = make_event(date=datetime.date(2014, 11, 13))

    context = client.get(day_event.get_absolute_url()).context

    assert context["previous_event"] == year_event


@pytest.mark.parametrize("count", [5, 200])
def test_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    content = make_linked_content(count)
    event = content["events"][count // 2]

    # The event with its lead image, its countries, sources, published projects and gallery,
    # then previous and next (tests/timeline/test_event_images.py has pictures).
    with django_assert_num_queries(7):
        response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["event"].published_projects) == count
