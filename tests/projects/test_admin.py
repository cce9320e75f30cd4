import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.publishing import MISSING_SOURCE_MESSAGE, PublicationStatus
from editorial import publishing_admin
from projects.models import (
    CooperationArea,
    Country,
    FundingSource,
    KeyFigure,
    Project,
    ProjectResult,
    Source,
)
from tests.factories import (
    make_area,
    make_country,
    make_pillar,
    make_project,
    make_result,
    make_source,
    publishing_form_data,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{view}", args=args)


def project_data(**fields):
    """What the project add or change form posts, with one empty result row."""
    data = {
        "title": "Lancang test railway",
        "slug": "lancang-test-railway",
        "summary": "A test project.",
        "body": "",
        "publication_status": PublicationStatus.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "sources": [],
        "sourcing_note": "",
        "status": Project.Status.UNDER_WAY,
        "status_as_of": "",
        "countries": [make_country().pk],
        "areas": [make_area().pk],
        "place_name": "",
        "start_date": "2018-01-01",
        "start_precision": "year",
        "end_date": "",
        "end_precision": "year",
        "funding_source": "",
        "funding_amount": "",
        "funding_currency": "",
        "latitude": "",
        "longitude": "",
        "results-TOTAL_FORMS": "1",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
        "results-0-label": "",
        "results-0-value": "",
        "results-0-unit": "",
        "results-0-as_of": "",
        "results-0-source": "",
        "results-0-position": "0",
        "gallery-TOTAL_FORMS": "0",
        "gallery-INITIAL_FORMS": "0",
        "gallery-MIN_NUM_FORMS": "0",
        "gallery-MAX_NUM_FORMS": "1000",
        "lead_image": "",
        "_save": "Save",
    }
    data.update(fields)
    return data


def project_change_data(project, **fields):
    """What the change form of `project` posts when the editor changes only `fields`."""
    stored = {
        "title": project.title,
        "slug": project.slug,
        "summary": project.summary,
        **publishing_form_data(project),
    }
    return project_data(**{**stored, **fields})


def result_row(source, **fields):
    return {
        "results-0-label": "Railway length",
        "results-0-value": "1,035",
        "results-0-unit": "km",
        "results-0-as_of": "",
        "results-0-source": source.pk,
        "results-0-position": "0",
        **fields,
    }


def key_figure_data(**fields):
    """What the key figure add form posts."""
    return {
        "value": "over 700",
        "label": "cooperative projects",
        "context": "",
        "area": "",
        "position": "0",
        "published_at_0": "",
        "published_at_1": "",
        **fields,
    }


def form_errors(response):
    return response.context["adminform"].form.errors


def test_admin_changelist_search_finds_projects_by_title(staff_client):
    make_project(title="Vientiane water supply")
    make_project(title="Something else")

    response = staff_client.get(admin_url(Project, "changelist"), {"q": "vientiane"})

    assert [p.title for p in response.context["cl"].result_list] == ["Vientiane water supply"]


def test_add_source_through_the_admin(staff_client):
    response = staff_client.post(
        admin_url(Source, "add"),
        {
            "title": "Lancang-Mekong River countries reach cooperation agreement",
            "publisher": "China Daily via China.org.cn",
            "date": "2016-03-24",
            "date_precision": "day",
            "url": "http://www.china.org.cn/world/2016-03/24/content_38099076.htm",
            "quote": "",
        },
    )

    assert response.status_code == 302
    source = Source.objects.get()
    assert source.date == datetime.date(2016, 3, 24)


def test_add_country_through_the_admin_stores_the_iso_code_in_capitals(staff_client):
    source = make_source()

    response = staff_client.post(
        admin_url(Country, "add"),
        {
            "name": "Cambodia",
            "official_name": "Kingdom of Cambodia",
            "iso_code": "kh",
            "slug": "cambodia",
            "profile": "",
            "sources": [source.pk],
        },
    )

    assert response.status_code == 302
    country = Country.objects.get()
    assert country.iso_code == "KH"
    assert list(country.sources.all()) == [source]


def test_country_with_a_bad_iso_code_is_refused(staff_client):
    response = staff_client.post(
        admin_url(Country, "add"),
        {"name": "X", "official_name": "X", "iso_code": "K1", "slug": "x", "profile": ""},
    )

    assert "Use the two-letter ISO 3166-1 code" in str(form_errors(response)["iso_code"])
    assert not Country.objects.exists()


def test_add_cooperation_area_through_the_admin(staff_client):
    pillar = make_pillar()

    response = staff_client.post(
        admin_url(CooperationArea, "add"),
        {
            "name": "Water resources",
            "slug": "water-resources",
            "kind": CooperationArea.Kind.PRIORITY,
            "pillar": pillar.pk,
            "position": "2",
            "description": "",
        },
    )

    assert response.status_code == 302
    assert CooperationArea.objects.get(slug="water-resources").pillar == pillar


def test_priority_area_without_a_pillar_is_refused(staff_client):
    response = staff_client.post(
        admin_url(CooperationArea, "add"),
        {"name": "Water", "slug": "water", "kind": "priority", "position": "0", "description": ""},
    )

    assert "Choose the pillar" in str(form_errors(response)["pillar"])


def test_add_funding_source_through_the_admin(staff_client):
    response = staff_client.post(
        admin_url(FundingSource, "add"),
        {"name": "LMC Special Fund", "slug": "lmc-special-fund", "description": ""},
    )

    assert response.status_code == 302
    assert FundingSource.objects.get().slug == "lmc-special-fund"


def test_add_key_figure_through_the_admin_as_a_draft(staff_client):
    response = staff_client.post(
        admin_url(KeyFigure, "add"), key_figure_data(publication_status=PublicationStatus.DRAFT)
    )

    assert response.status_code == 302
    figure = KeyFigure.objects.get()
    assert figure.publication_status == PublicationStatus.DRAFT
    assert not KeyFigure.objects.published().exists()


def test_add_and_publish_key_figure_through_the_admin(staff_client):
    source = make_source()

    response = staff_client.post(
        admin_url(KeyFigure, "add"),
        key_figure_data(publication_status=PublicationStatus.PUBLISHED, sources=[source.pk]),
    )

    assert response.status_code == 302
    assert list(KeyFigure.objects.published().values_list("value", flat=True)) == ["over 700"]


def test_add_project_with_a_result_through_the_admin(staff_client):
    source = make_source()

    response = staff_client.post(
        admin_url(Project, "add"), project_data(sources=[source.pk], **result_row(source))
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert project.publication_status == PublicationStatus.DRAFT
    assert list(project.sources.all()) == [source]
    result = ProjectResult.objects.get()
    assert (result.project, result.label, result.source) == (project, "Railway length", source)


def test_publisher_creates_and_publishes_a_project_with_a_result_in_one_post(
    publisher_client, client
):
    source = make_source()

    response = publisher_client.post(
        admin_url(Project, "add"),
        project_data(
            publication_status=PublicationStatus.PUBLISHED,
            sources=[source.pk],
            **result_row(source),
        ),
    )

    assert response.status_code == 302
    project = Project.objects.published().get()
    assert project.slug == "lancang-test-railway"
    assert project.results.get().source == source
    assert project.published_at <= timezone.now()
    client.logout()
    assert client.get("/projects/lancang-test-railway/").status_code == 200


def test_unpublishing_through_the_form_calls_unpublish(staff_client, monkeypatch):
    calls = []
    real_unpublish = publishing_admin.unpublish

    def recording_unpublish(item, **kwargs):
        calls.append(item.pk)
        return real_unpublish(item, **kwargs)

    monkeypatch.setattr(publishing_admin, "unpublish", recording_unpublish)
    project = make_project("published")

    response = staff_client.post(
        admin_url(Project, "change", project.pk),
        project_change_data(project, publication_status=PublicationStatus.DRAFT),
    )

    assert response.status_code == 302
    assert calls == [project.pk]
    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.DRAFT


def test_editing_a_published_project_leaves_its_publication_alone(staff_client, monkeypatch):
    monkeypatch.setattr(publishing_admin, "publish", None)
    monkeypatch.setattr(publishing_admin, "unpublish", None)
    project = make_project("published")
    published_at = project.published_at

    response = staff_client.post(
        admin_url(Project, "change", project.pk),
        project_change_data(project, summary="A better summary."),
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary == "A better summary."
    assert project.published_at == published_at
    assert project.is_public


def test_adding_a_published_project_without_a_source_creates_nothing(staff_client):
    response = staff_client.post(
        admin_url(Project, "add"), project_data(publication_status=PublicationStatus.PUBLISHED)
    )

    assert form_errors(response)["sources"] == [MISSING_SOURCE_MESSAGE]
    assert not Project.objects.exists()


def test_removing_every_source_from_a_published_project_is_refused(staff_client):
    project = make_project("published")

    response = staff_client.post(
        admin_url(Project, "change", project.pk), project_change_data(project, sources=[])
    )

    assert form_errors(response)["sources"] == [MISSING_SOURCE_MESSAGE]
    assert project.sources.exists()


def test_a_draft_without_sources_can_be_saved(staff_client):
    response = staff_client.post(admin_url(Project, "add"), project_data())

    assert response.status_code == 302
    assert Project.objects.get().publication_status == PublicationStatus.DRAFT


def test_changelist_shows_draft_published_and_scheduled(staff_client):
    make_project("draft", title="The draft")
    make_project("published", title="The public one")
    scheduled = make_project("scheduled", title="The scheduled one")
    local = timezone.localtime(scheduled.published_at)

    response = staff_client.get(admin_url(Project, "changelist"))

    rows = {p.title: p for p in response.context["cl"].result_list}
    model_admin = response.context["cl"].model_admin
    assert model_admin.publication(rows["The draft"]) == "Draft"
    assert model_admin.publication(rows["The public one"]) == "Published"
    assert model_admin.publication(rows["The scheduled one"]) == (
        f"Scheduled for {local.day} {local.strftime('%B %Y, %H:%M')} (Asia/Bangkok)"
    )
    assert "Scheduled for" in response.text


def test_clearing_the_time_of_a_scheduled_project_publishes_it_now(staff_client):
    project = make_project("scheduled")

    staff_client.post(
        admin_url(Project, "change", project.pk),
        project_change_data(project, published_at_0="", published_at_1=""),
    )

    assert Project.objects.published().get() == project


def test_end_before_start_is_shown_on_the_form(staff_client):
    response = staff_client.post(
        admin_url(Project, "add"),
        project_data(start_date="2020-01-01", end_date="2019-01-01"),
    )

    assert form_errors(response)["end_date"] == ["The end cannot come before the start."]
    assert not Project.objects.exists()


def test_duplicate_slug_is_shown_on_the_form(staff_client):
    make_project(slug="taken")

    response = staff_client.post(admin_url(Project, "add"), project_data(slug="taken"))

    assert "already exists" in str(form_errors(response)["slug"])
    assert Project.objects.count() == 1


def test_latitude_without_longitude_is_shown_on_the_form(staff_client):
    response = staff_client.post(admin_url(Project, "add"), project_data(latitude="17.5"))

    assert form_errors(response)["longitude"] == ["Give both latitude and longitude, or neither."]


def test_amount_without_currency_is_shown_on_the_form(staff_client):
    response = staff_client.post(admin_url(Project, "add"), project_data(funding_amount="1000"))

    assert form_errors(response)["funding_currency"] == ["Give the currency of the amount."]


def test_result_without_a_source_is_refused(staff_client):
    source = make_source()

    response = staff_client.post(
        admin_url(Project, "add"),
        project_data(sources=[source.pk], **result_row(source, **{"results-0-source": ""})),
    )

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["source"]
    assert not Project.objects.exists()


def test_bulk_publish_keeps_a_scheduled_time(staff_client):
    later = timezone.now() + datetime.timedelta(days=5)
    project = make_project("draft", published_at=later)

    response = staff_client.post(
        admin_url(Project, "changelist"),
        {"action": "publish_selected", "_selected_action": [project.pk]},
        follow=True,
    )

    project.refresh_from_db()
    assert project.is_scheduled
    assert "1 of them will go public at their scheduled time" in response.text


def test_editor_without_change_rights_gets_no_publish_action(client):
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_project"))
    client.force_login(viewer)
    project = make_project("draft")

    response = client.post(
        admin_url(Project, "changelist"),
        {"action": "publish_selected", "_selected_action": [project.pk]},
    )

    assert response.status_code in (200, 302)
    project.refresh_from_db()
    assert project.publication_status == PublicationStatus.DRAFT


def test_old_slugs_are_not_editable_in_the_admin(staff_client):
    assert staff_client.get("/admin/projects/oldslug/").status_code == 404


def test_anonymous_visitor_cannot_reach_the_admin(client):
    response = client.get(admin_url(Project, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_result_is_shown_on_the_project_change_page(staff_client):
    project = make_project()
    make_result(project, label="Passengers carried")

    response = staff_client.get(admin_url(Project, "change", project.pk))

    assert "Passengers carried" in response.text


def test_a_draft_can_be_previewed_from_its_change_page(staff_client):
    project = make_project("draft", slug="draft-preview")

    content_type = ContentType.objects.get_for_model(Project)
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, project.pk])

    change_page = staff_client.get(admin_url(Project, "change", project.pk))
    preview = staff_client.get(view_on_site, follow=True)

    assert f'href="{view_on_site}"' in change_page.text

    assert preview.redirect_chain[-1][0].endswith("/projects/draft-preview/")
    assert preview.status_code == 200
    assert "This is a draft." in preview.text


def test_a_source_is_found_by_the_name_its_picker_shows(staff_client):
    source = make_source(title="Joint Statement", publisher="Xinhua")
    make_source(title="Another statement", publisher="Nhan Dan")

    response = staff_client.get(reverse("admin:projects_source_changelist"), {"q": str(source)})

    assert [row.pk for row in response.context["cl"].result_list] == [source.pk]
