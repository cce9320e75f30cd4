"""An Editor's change to a published item is one pending change of that item: the Editor
reopens the form on it and continues it, a later proposal carries the earlier one's edits
forward, and only a Publisher's approval makes it live, exactly as proposed."""

import pytest
from django.forms import MultiWidget
from django.urls import reverse
from reversion.models import Version

from editorial.models import ReviewRequest
from projects.models import Project
from tests.factories import (
    make_area,
    make_country,
    make_event,
    make_project,
    make_result,
    make_source,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db

AWAITING = ReviewRequest.State.AWAITING


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def review_url(view, review):
    return reverse(f"admin:editorial_reviewrequest_{view}", args=[review.pk])


def form_values(form):
    """What a browser posts for `form` as the page shows it."""
    data = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            data.update({f"{key}_{i}": part or "" for i, part in enumerate(parts)})
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else str(value)
    return data


def shown_form(client, item):
    """The change form of `item` as the user sees it, and what it would post unchanged."""
    response = client.get(change_url(item))
    assert response.status_code == 200
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_values(form))
    return response, data


def reopen_and_save(client, item, **changes):
    """Open the change form of `item`, change only `changes`, and save it."""
    _response, data = shown_form(client, item)
    data.update(changes)
    response = client.post(change_url(item), data)
    assert response.status_code == 302, response.context["errors"]
    return response


def live_project(**fields):
    return make_project("published", countries=[make_country()], areas=[make_area()], **fields)


def pending(item):
    return ReviewRequest.objects.for_item(item).awaiting().get()


def test_an_editor_reopening_a_published_project_sees_their_pending_change(editor_client):
    project = live_project(title="Live title", summary="Live summary.")
    reopen_and_save(editor_client, project, title="Proposed title")

    response, data = shown_form(editor_client, project)

    assert (data["title"], data["summary"]) == ("Proposed title", "Live summary.")
    page = response.content.decode().replace("&#x27;", "'")
    assert "You are editing the pending change" in page
    assert "proposed by writer" in page
    assert review_url("change", pending(project)) in page
    project.refresh_from_db()
    assert project.title == "Live title"


def test_the_public_page_is_unchanged_until_a_publisher_approves(
    editor_client, publisher_client, client
):
    project = live_project(title="Live title")
    reopen_and_save(editor_client, project, title="Proposed title")
    reopen_and_save(editor_client, project, summary="Proposed summary.")

    before = client.get(project.get_absolute_url()).content.decode()
    publisher_client.post(review_url("approve", pending(project)))
    after = client.get(project.get_absolute_url()).content.decode()

    assert "Live title" in before
    assert "Proposed" not in before
    assert "Proposed title" in after
    assert "Proposed summary." in after


def test_a_second_proposal_keeps_the_first_ones_edits_unless_it_overwrites_them(editor_client):
    project = live_project(title="Live title", summary="Live summary.", place_name="Vientiane")
    reopen_and_save(editor_client, project, title="First title", place_name="Boten")

    reopen_and_save(editor_client, project, title="Second title", summary="Second summary.")

    review = pending(project)
    proposed = review.proposed.field_dict
    assert (proposed["title"], proposed["summary"], proposed["place_name"]) == (
        "Second title",
        "Second summary.",
        "Boten",
    )
    assert ReviewRequest.objects.for_item(project).count() == 1
    proposals = Version.objects.get_for_object(project).filter(
        revision__comment__startswith="Change proposed by"
    )
    assert list(proposals) == [review.proposed]


def test_the_publisher_sees_one_comparison_of_live_and_the_latest_proposal(
    editor_client, publisher_client
):
    project = live_project(title="Live title", summary="Live summary.")
    reopen_and_save(editor_client, project, title="First title")
    reopen_and_save(editor_client, project, summary="Second summary.")

    response = publisher_client.get(review_url("change", pending(project)))

    changed = [(row["label"], row["old"], row["new"]) for row in response.context["changed_rows"]]
    assert changed == [
        ("Title", "Live title", "First title"),
        ("Summary", "Live summary.", "Second summary."),
    ]


def test_approval_applies_the_proposal_exactly_fields_and_relations(
    editor_client, publisher_client
):
    kept_country, added_country = make_country(), make_country()
    old_source, new_source = make_source(), make_source()
    project = make_project(
        "published", countries=[kept_country], areas=[make_area()], sources=[old_source]
    )
    make_result(project, label="Old result", source=old_source)
    new_area = make_area()
    reopen_and_save(
        editor_client,
        project,
        title="Proposed title",
        countries=[str(kept_country.pk), str(added_country.pk)],
        sources=[str(new_source.pk)],
        **{"results-0-label": "Renamed result"},
    )
    # The second save keeps the first one's results and relations (it posts the result
    # rows the form showed, with their ids) and adds an area.
    reopen_and_save(editor_client, project, areas=[str(new_area.pk)])
    live_before = Project.objects.get(pk=project.pk)

    publisher_client.post(review_url("approve", pending(project)))

    project.refresh_from_db()
    assert live_before.title != "Proposed title"
    assert project.title == "Proposed title"
    assert set(project.countries.all()) == {kept_country, added_country}
    assert list(project.areas.all()) == [new_area]
    assert list(project.sources.all()) == [new_source]
    assert [(r.label, r.source) for r in project.results.all()] == [("Renamed result", old_source)]
    assert project.is_public
    assert ReviewRequest.objects.for_item(project).get().state == ReviewRequest.State.APPROVED


def test_results_added_in_a_proposal_are_shown_and_kept_when_it_is_continued(editor_client):
    project = live_project()
    source = make_source()
    reopen_and_save(
        editor_client,
        project,
        **{
            "results-0-label": "Villages served",
            "results-0-value": "12",
            "results-0-source": str(source.pk),
            "results-0-position": "0",
        },
    )

    _response, data = shown_form(editor_client, project)
    reopen_and_save(editor_client, project, summary="Continued.")

    assert data["results-0-label"] == "Villages served"
    assert not project.results.exists()
    labels = [
        version.field_dict.get("label")
        for version in pending(project).proposed.revision.version_set.all()
    ]
    assert labels.count("Villages served") == 1


def test_a_proposal_brought_back_to_the_live_values_withdraws_the_pending_change(editor_client):
    project = live_project(title="Live title")
    reopen_and_save(editor_client, project, title="Proposed title")

    response = reopen_and_save(editor_client, project, title="Live title")

    assert not ReviewRequest.objects.for_item(project).exists()
    page = editor_client.get(response["Location"]).content.decode()
    assert "the pending change was withdrawn" in page


def test_a_form_opened_before_the_pending_change_was_replaced_is_refused(editor_client):
    project = live_project(title="Live title")
    reopen_and_save(editor_client, project, title="First title")
    _response, stale_data = shown_form(editor_client, project)
    reopen_and_save(editor_client, project, summary="Meanwhile changed.")

    stale_data["place_name"] = "Boten"
    response = editor_client.post(change_url(project), stale_data)

    assert response.status_code == 200
    assert "after you opened it, so nothing was saved" in str(
        response.context["adminform"].form.non_field_errors()
    )
    assert pending(project).proposed.field_dict["summary"] == "Meanwhile changed."


def test_a_publisher_opening_the_item_sees_the_live_values(editor_client, publisher_client):
    project = live_project(title="Live title")
    reopen_and_save(editor_client, project, title="Proposed title")

    _response, data = shown_form(publisher_client, project)

    assert data["title"] == "Live title"


def test_an_editor_reopening_a_published_event_sees_the_pending_change(editor_client):
    event = make_event("published", countries=[make_country()], title="Live meeting")
    reopen_and_save(editor_client, event, title="Proposed meeting")

    _response, data = shown_form(editor_client, event)

    assert data["title"] == "Proposed meeting"
    assert Event.objects.get(pk=event.pk).title == "Live meeting"


def test_saving_the_pending_change_unchanged_adds_no_new_proposal(editor_client):
    project = live_project(title="Live title")
    reopen_and_save(editor_client, project, title="Proposed title")
    first = pending(project).proposed_id

    reopen_and_save(editor_client, project)

    assert pending(project).proposed_id == first
