import pytest


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
