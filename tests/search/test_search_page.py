import pytest

from search.window import ResultWindowPaginator
from tests.factories import make_event, make_linked_content, make_project

pytestmark = pytest.mark.django_db

URL = "/search/"

BAD_VALUES = [
    "abc",
    "-1",
    str(10**30),
    "\x00",
    "rail\x00way",
    "9" * 5000,
    "<script>alert(1)</script>",
    "湄公河",
    "แม่น้ำโขง",
    "Việt Nam",
]


def content_of(response):
    return response.content.decode()


def test_empty_search_invites_a_query(client):
    make_project(title="Railway")

    response = client.get(URL)

    assert response.status_code == 200
    content = content_of(response)
    assert content.count("<h1") == 1
    assert "Type one or more words" in content
    assert "Railway" not in content
    assert 'id="project-results"' not in content


def test_search_finds_only_published_projects_and_events(client):
    for state in ("published", "draft", "scheduled"):
        make_project(state=state, title=f"Railway project {state}")
        make_event(state=state, title=f"Railway opening {state}")

    response = client.get(URL, {"q": "railway"})

    content = content_of(response)
    assert "Railway project published" in content
    assert "Railway opening published" in content
    for state in ("draft", "scheduled"):
        assert f"Railway project {state}" not in content
        assert f"Railway opening {state}" not in content
    assert "1 project and 1 event." in content


def test_projects_and_events_are_in_two_sections(client):
    make_project(title="Sweet Spring water supply")
    make_event(title="Sweet Spring launch")

    content = content_of(client.get(URL, {"q": "sweet spring"}))

    projects = content[content.index('id="project-results"') : content.index('id="event-results"')]
    events = content[content.index('id="event-results"') :]
    assert "Sweet Spring water supply" in projects
    assert "Sweet Spring launch" in events
    assert "Sweet Spring launch" not in projects


def test_each_section_shows_at_most_20_with_a_link_to_the_project_list(client):
    for i in range(23):
        make_project(title=f"Airport {i}")
        make_event(title=f"Airport event {i}")

    content = content_of(client.get(URL, {"q": "airport"}))

    assert content.count('<li class="card">') == 20
    assert content.count('<span class="event-date">') == 20
    assert "23 projects and 23 events." in content
    assert (
        '<a href="/projects/?q=airport">All 23 matching projects in the project list</a>' in content
    )


def test_no_results_shows_an_empty_state(client):
    make_project(title="Railway")

    content = content_of(client.get(URL, {"q": "volcano"}))

    assert "0 projects and 0 events." in content
    assert "No projects match." in content
    assert "No timeline events match." in content


def test_the_query_is_shown_escaped(client):
    content = content_of(client.get(URL, {"q": "<b>railway</b>"}))

    assert "&lt;b&gt;railway&lt;/b&gt;" in content
    assert "<b>railway</b>" not in content


def test_a_query_over_200_characters_is_cut_with_a_note(client):
    make_project(title="Railway")

    response = client.get(URL, {"q": "railway " + "x" * 300})

    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "The search was cut to its first 200 characters and 12 words." in content_of(response)


def test_a_query_with_a_nul_byte_gives_a_notice(client):
    make_project(title="Railway")

    response = client.get(URL, {"q": "rail\x00way"})

    assert response.status_code == 200
    content = content_of(response)
    assert "nothing was searched" in content
    assert "Railway" not in content


def test_a_query_of_punctuation_only_has_no_words(client):
    content = content_of(client.get(URL, {"q": "?!"}))

    assert "There are no words to search for" in content


def test_a_repeated_q_uses_its_last_value(client):
    make_project(title="Railway")
    make_project(title="Airport")

    content = content_of(client.get(f"{URL}?q=railway&q=airport", follow=True))

    assert ">Airport</a>" in content
    assert ">Railway</a>" not in content


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("name", ["q", "page"])
def test_bad_input_never_fails(client, name, value):
    make_project(title="Railway")

    response = client.get(URL, {name: value}, follow=True)

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in content_of(response)


@pytest.mark.parametrize("count", [5, 200])
def test_search_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    make_linked_content(count)

    # For projects and for events: the typo check of the words, one page of results and a
    # count; projects' countries.
    with django_assert_num_queries(7):
        response = client.get(URL, {"q": "summary"})

    assert response.status_code == 200
    assert response.context["project_count"] == count
    assert response.context["event_count"] == count


def test_counts_beyond_the_result_window_say_so(client, monkeypatch):
    monkeypatch.setattr(ResultWindowPaginator, "cap", 3)
    make_linked_content(5)
    response = client.get(URL, {"q": "summary"})
    assert response.context["project_count"] == 3
    assert "3+ projects and 3+ events" in content_of(response)
