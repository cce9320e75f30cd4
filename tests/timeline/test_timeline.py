import datetime
import functools

import pytest
from django.urls import reverse

from core.dates import DatePrecision
from tests.factories import (
    make_countries,
    make_event,
    make_linked_content,
    make_plan_period,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """A client that follows redirects: the timeline first sends a non-canonical address
    (such as the parameters in the order a test gives them) to its canonical one."""
    client.get = functools.partial(client.get, follow=True)
    return client


URL = "/timeline/"
EVENT_ITEM = '<span class="event-date">'

BAD_VALUES = [
    "abc",
    "-1",
    "0",
    str(10**30),
    "1\x00",
    "\x00",
    "9" * 5000,
    "<script>alert(1)</script>",
    "湄公河",
    "แม่น้ำโขง",
    "Việt Nam",
]


def content_of(response):
    return response.content.decode()


def test_timeline_url_name():
    assert reverse("timeline:index") == URL


def test_only_published_events_are_listed(client):
    make_event(title="Published meeting")
    make_event(state="draft", title="Draft meeting")
    make_event(state="scheduled", title="Scheduled meeting")

    response = client.get(URL)

    assert response.status_code == 200
    content = content_of(response)
    assert "Published meeting" in content
    assert "Draft meeting" not in content
    assert "Scheduled meeting" not in content
    assert "1 event." in content


def test_event_shows_date_kind_place_title_link_and_summary(client):
    event = make_event(
        title="First Leaders' Meeting",
        kind=Event.Kind.LEADERS_MEETING,
        place="Sanya, Hainan, China",
        summary="The leaders issued the Sanya Declaration.",
    )

    content = content_of(client.get(URL))

    assert "23 March 2016" in content
    assert "Leaders&#x27; meeting" in content
    assert "Sanya, Hainan, China" in content
    assert f'<a href="{event.get_absolute_url()}">First Leaders&#x27; Meeting</a>' in content
    assert "The leaders issued the Sanya Declaration." in content


@pytest.mark.parametrize(
    ("date", "end_date", "precision", "shown"),
    [
        (datetime.date(2014, 6, 30), None, DatePrecision.YEAR, "2014"),
        (datetime.date(2015, 11, 12), None, DatePrecision.MONTH, "November 2015"),
        (datetime.date(2016, 3, 23), None, DatePrecision.DAY, "23 March 2016"),
        (
            datetime.date(2018, 3, 19),
            datetime.date(2018, 3, 23),
            DatePrecision.DAY,
            "19-23 March 2018",
        ),
    ],
)
def test_dates_are_shown_as_precisely_as_known(client, date, end_date, precision, shown):
    make_event(date=date, end_date=end_date, date_precision=precision)

    content = content_of(client.get(URL))

    assert f'<span class="event-date">{shown}</span>' in content


def test_events_are_in_date_order_with_a_year_before_a_day_in_that_year(client):
    make_event(title="Day event", date=datetime.date(2014, 11, 13))
    make_event(title="Year event", date=datetime.date(2014, 12, 31), date_precision="year")
    make_event(title="Later event", date=datetime.date(2015, 11, 1), date_precision="month")
    make_event(title="Earlier event", date=datetime.date(2012, 5, 5))

    content = content_of(client.get(URL))

    positions = [
        content.index(title)
        for title in ["Earlier event", "Year event", "Day event", "Later event"]
    ]
    assert positions == sorted(positions)


def test_events_are_grouped_in_year_sections_with_a_year_list(client):
    make_event(title="Meeting of 2015", date=datetime.date(2015, 11, 12))
    make_event(title="Meeting of 2016", date=datetime.date(2016, 3, 23))

    content = content_of(client.get(URL))

    assert '<section class="timeline-year" id="y2015"' in content
    assert '<section class="timeline-year" id="y2016"' in content
    assert '<h2 id="y2016-heading">2016</h2>' in content
    assert '<a href="#y2015">2015</a>' in content
    assert '<a href="#y2016">2016</a>' in content
    assert '<a href="#y2017">' not in content
    section_2016 = content[content.index('id="y2016"') :]
    assert "Meeting of 2016" in section_2016
    assert "Meeting of 2015" not in section_2016


def test_plan_period_band_is_shown_in_the_years_it_covers(client):
    make_plan_period(name="Five-Year Plan of Action 2018-2022", start_year=2018, end_year=2022)
    for year in (2017, 2018, 2022, 2023):
        make_event(date=datetime.date(year, 1, 10))

    content = content_of(client.get(URL))

    band = '<p class="plan-band">Plan period: Five-Year Plan of Action 2018-2022</p>'
    assert content.count(band) == 2
    sections = {
        year: content[content.index(f'id="y{year}"') :].split('class="timeline-year"')[0]
        for year in (2017, 2018, 2022, 2023)
    }
    assert band in sections[2018]
    assert band in sections[2022]
    assert band not in sections[2017]
    assert band not in sections[2023]


def test_filter_by_kind(client):
    make_event(title="Leaders at Sanya", kind=Event.Kind.LEADERS_MEETING)
    make_event(title="Ministers at Jinghong", kind=Event.Kind.FOREIGN_MINISTERS_MEETING)

    content = content_of(client.get(URL, {"kind": "leaders"}))

    assert "Leaders at Sanya" in content
    assert "Ministers at Jinghong" not in content
    assert 'class="notice"' not in content


def test_filter_by_country(client):
    cambodia, china, laos, *_ = make_countries()
    make_event(title="In Laos", countries=[laos, china])
    make_event(title="In Cambodia", countries=[cambodia])

    content = content_of(client.get(URL, {"country": "laos"}))

    assert "In Laos" in content
    assert "In Cambodia" not in content
    assert "1 event." in content


def test_filter_by_year(client):
    make_event(title="Event of 2016", date=datetime.date(2016, 3, 23))
    make_event(title="Event of 2018", date=datetime.date(2018, 1, 10))

    content = content_of(client.get(URL, {"year": "2018"}))

    assert "Event of 2018" in content
    assert "Event of 2016" not in content


def test_filters_combine(client):
    _, china, laos, *_ = make_countries()
    make_event(title="Match", kind="ministers", countries=[laos], date=datetime.date(2018, 12, 17))
    make_event(title="Wrong kind", kind="leaders", countries=[laos], date=datetime.date(2018, 1, 1))
    make_event(
        title="Wrong land", kind="ministers", countries=[china], date=datetime.date(2018, 2, 1)
    )
    make_event(
        title="Wrong year", kind="ministers", countries=[laos], date=datetime.date(2020, 2, 20)
    )

    content = content_of(client.get(URL, {"kind": "ministers", "country": "laos", "year": "2018"}))

    assert "Match" in content
    for title in ("Wrong kind", "Wrong land", "Wrong year"):
        assert title not in content


def test_no_matching_events_shows_an_empty_state(client):
    make_event(date=datetime.date(2016, 3, 23))

    content = content_of(client.get(URL, {"year": "2030"}))

    assert "No events match these filters." in content


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, value) for name in ("kind", "country", "year", "page") for value in BAD_VALUES],
)
def test_bad_values_are_ignored_with_a_notice(client, name, value):
    make_countries()
    make_event(title="Still listed")

    response = client.get(URL, {name: value})

    assert response.status_code == 200
    content = content_of(response)
    assert "Still listed" in content
    assert 'class="notice"' in content
    assert "<script>alert(1)</script>" not in content


def test_a_repeated_parameter_uses_its_last_value(client):
    make_event(title="Leaders", kind="leaders")
    make_event(title="Ministers", kind="ministers")

    content = content_of(client.get(f"{URL}?kind=ministers&kind=leaders"))

    assert ">Leaders</a>" in content
    assert ">Ministers</a>" not in content


def test_a_valid_filter_still_applies_when_another_is_ignored(client):
    make_event(title="Event of 2016", date=datetime.date(2016, 3, 23))
    make_event(title="Event of 2018", date=datetime.date(2018, 1, 10))

    content = content_of(client.get(URL, {"year": "2018", "kind": "nonsense"}))

    assert "Event of 2018" in content
    assert "Event of 2016" not in content
    assert "ignored: Kind" in content


def test_under_200_events_show_on_one_page(client):
    for i in range(199):
        make_event(date=datetime.date(2016, 1, 1) + datetime.timedelta(days=i))

    content = content_of(client.get(URL))

    assert content.count(EVENT_ITEM) == 199
    assert 'class="pagination"' not in content
    assert '<a href="#y2016">2016</a>' in content


def make_events_in_years(per_year):
    for year, count in per_year.items():
        for i in range(count):
            make_event(
                title=f"Event {year}-{i}",
                date=datetime.date(year, 1, 1) + datetime.timedelta(days=i),
            )


def test_200_or_more_events_are_paginated_100_per_page_with_year_links_to_their_page(client):
    make_events_in_years({2016: 120, 2017: 90, 2019: 40})

    first = content_of(client.get(URL))
    third = content_of(client.get(URL, {"page": "3"}))

    assert first.count(EVENT_ITEM) == 100
    assert "Page 1 of 3" in first
    assert '<a href="/timeline/#y2016">2016</a>' in first
    assert '<a href="/timeline/?page=2#y2017">2017</a>' in first
    assert '<a href="/timeline/?page=3#y2019">2019</a>' in first
    assert third.count(EVENT_ITEM) == 50
    assert 'id="y2017"' in third
    assert 'id="y2019"' in third
    assert 'id="y2016"' not in third
    assert "Event 2019-39" in third


def test_year_links_keep_valid_filters_and_drop_invalid_ones(client):
    make_events_in_years({2016: 150, 2017: 60})
    make_event(title="Other kind", kind="leaders", date=datetime.date(2017, 6, 1))

    content = content_of(client.get(URL, {"kind": "other", "country": "atlantis"}))

    assert '<a href="/timeline/?kind=other&amp;page=2#y2017">2017</a>' in content


def test_a_page_beyond_the_last_shows_the_last_page_with_a_notice(client):
    make_events_in_years({2016: 200})

    response = client.get(URL, {"page": "3"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert "Page" in response.context["ignored_filters"]
    assert client.get(URL, {"page": "2"}).context["ignored_filters"] == []


@pytest.mark.parametrize("page", ["2", str(10**30)])
def test_a_page_past_the_end_of_a_short_timeline_shows_the_timeline(client, page):
    make_event(title="Only event")

    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert "Only event" in content_of(response)
    assert "Page" in response.context["ignored_filters"]


@pytest.mark.parametrize("count", [5, 200])
def test_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    make_linked_content(count)

    # Plan periods, country choices, per-year counts and one page of events.
    with django_assert_num_queries(4):
        response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_query_count_with_filters_does_not_grow_with_content(
    client, django_assert_num_queries, count
):
    make_linked_content(count)

    with django_assert_num_queries(4):
        response = client.get(
            URL, {"kind": "other", "country": "laos", "year": "2018", "page": "1"}
        )

    assert response.status_code == 200
