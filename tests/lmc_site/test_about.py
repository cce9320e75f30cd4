import re

import pytest
from django.test import override_settings

from projects.models import CooperationArea
from tests.factories import (
    make_area,
    make_linked_content,
    make_pillar,
    make_plan_period,
    make_source,
)

pytestmark = pytest.mark.django_db

URL = "/about/"


def content_of(response):
    return response.content.decode()


def test_about_tells_how_the_cooperation_began_with_sources(client):
    response = client.get(URL)

    assert response.status_code == 200
    content = content_of(response)
    assert content.count("<h1>") == 1
    for fact in (
        "17th China-ASEAN Leaders' Meeting in Nay Pyi Taw",
        "Established, 12 November 2015.",
        "Jinghong, Yunnan, China",
        "Launched, 23 March 2016.",
        "Sanya, Hainan, China",
        "US$300 million for small and medium-sized projects",
        "Mekong-Lancang Cooperation (MLC)",
        "Senior Officials' Meetings",
    ):
        assert fact in content.replace("&#x27;", "'"), fact
    assert "http://bb.chineseembassy.org/eng/zgyw/t1315515.htm" in content
    assert "http://www.china.org.cn/world/2016-03/24/content_38099076.htm" in content


def test_about_explains_the_established_or_launched_conflict(client):
    content = content_of(client.get(URL))

    assert "Established or launched?" in content
    assert "counting from 2015" in content
    assert "count from March 2016" in content


def test_every_external_link_on_the_about_page_is_a_source_link(client):
    content = content_of(client.get(URL))
    main = content[content.index("<main") : content.index("</main>")]

    external = re.findall(r'<a href="(https?://[^"]+)"([^>]*)>', main)
    assert len(external) >= 20
    assert all('rel="noopener nofollow"' in attributes for _, attributes in external)


def test_about_renders_the_framework_from_the_database(client):
    pillar = make_pillar(name="Economic and sustainable development", slug="economy")
    make_area(pillar=pillar, name="Connectivity", slug="connectivity", position=1)
    make_area(pillar=pillar, name="Water resources", slug="water-resources", position=4)
    make_area(pillar=pillar, name="Customs", slug="customs", kind=CooperationArea.Kind.FURTHER)

    content = content_of(client.get(URL))

    assert '<a href="/projects/?area=economy">Economic and sustainable development</a>' in content
    assert content.index(">Connectivity</a>") < content.index(">Water resources</a>")
    assert '>Water resources</a> <span class="meta">(priority area)</span>' in content
    assert '>Customs</a> <span class="meta">(further area, &ldquo;X&rdquo;)</span>' in content


def test_about_lists_plan_periods_with_their_sources(client):
    plan = make_plan_period(
        name="Five-Year Plan of Action 2023-2027", start_year=2023, end_year=2027
    )
    plan.sources.set([make_source(title="Plan text", url="https://example.org/plan")])

    content = content_of(client.get(URL))

    assert "<strong>Five-Year Plan of Action 2023-2027</strong> (2023&ndash;2027)" in content
    assert '<a href="https://example.org/plan" rel="noopener nofollow">Plan text</a>' in content


@override_settings(CORRECTIONS_EMAIL="fixes@example.org")
def test_about_says_how_to_report_a_correction(client):
    content = content_of(client.get(URL))

    corrections = content[content.index('id="corrections"') :]
    assert '<a href="mailto:fixes@example.org">fixes@example.org</a>' in corrections


@pytest.mark.parametrize("count", [5, 200])
def test_about_query_count_does_not_grow_with_content(client, django_assert_num_queries, count):
    make_linked_content(count)
    for i in range(count // 5):
        make_plan_period(name=f"Extra plan {i}").sources.set([make_source()])

    # Pillars and their areas; plan periods and their sources.
    with django_assert_num_queries(4):
        response = client.get(URL)

    assert response.status_code == 200
