import pytest
from protego import Protego


def test_robots_txt_allows_all_but_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_robots_txt_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/robots.txt")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/projects/", True),
        ("/projects/?country=china", True),
        ("/projects/?country=china&page=2", True),
        ("/projects/?page=3", True),
        ("/projects/?country=china&country=laos", False),
        ("/projects/?country=china&status=completed", False),
        ("/projects/?area=energy&status=completed&page=2", False),
        ("/projects/?q=rail&country=china", False),
        ("/timeline/?kind=leaders", True),
        ("/timeline/?kind=leaders&page=2", True),
        ("/timeline/?country=china&kind=leaders", False),
        ("/projects/china-laos-railway/", True),
        ("/admin/", False),
        ("/admin/login/", False),
    ],
)
def test_robots_txt_keeps_crawlers_out_of_combined_filters_only(client, path, allowed):
    robots = Protego.parse(client.get("/robots.txt").content.decode())

    assert robots.can_fetch(f"http://testserver{path}", "AnyBot") is allowed


def test_robots_txt_disallows_the_configured_admin_path(client, settings):
    settings.ADMIN_PATH = "editing-desk/"

    robots = Protego.parse(client.get("/robots.txt").content.decode())

    assert not robots.can_fetch("http://testserver/editing-desk/", "AnyBot")
