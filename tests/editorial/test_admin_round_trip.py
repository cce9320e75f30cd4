"""Every admin change form saves when submitted exactly as rendered.

For every model registered in the admin and every role that may change it, the change page
of a real item (the starter content, with a gallery picture on a project and an event, so
every inline has rows) is opened and its form posted back as a browser would post it,
hidden inputs included. The save must go through and leave the item as it was.
"""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import ERROR
from django.db import transaction
from django.forms.models import _get_foreign_key
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.models import ReviewRequest
from editorial.roles import EDITOR, PUBLISHER, role_permissions
from projects.models import Project, ProjectImage
from starter_content.content_loader import load_content, read_data_file
from tests.admin_forms import submitted_data
from tests.factories import make_staff_user
from tests.images.pictures import make_image
from timeline.models import Event, EventImage

PROJECT_SLUG = "china-laos-railway"
EVENT_SLUG = "china-laos-railway-opens"
ROLES = {"superuser": None, "editor": EDITOR, "publisher": PUBLISHER}
# Its change page shows the request and the Publisher's decision buttons: there is no form.
WITHOUT_CHANGE_FORM = {ReviewRequest}


def may_change(model_admin, role):
    """Whether `role` may change items of the admin's model at all (before any item rule)."""
    superuser = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = superuser
    if not model_admin.has_change_permission(request):
        return False
    if ROLES[role] is None:
        return True
    opts = model_admin.model._meta
    return (opts.app_label, f"change_{opts.model_name}") in role_permissions()[ROLES[role]]


CASES = [
    pytest.param(model, role, id=f"{model._meta.label}-{role}")
    for model, model_admin in admin.site._registry.items()
    if model not in WITHOUT_CHANGE_FORM
    for role in ROLES
    if may_change(model_admin, role)
]


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The starter content, a gallery picture, logins and one item of every other kind,
    made once for the module and rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        load_content(read_data_file())
        picture = make_image(alt_text="The railway's viaduct over the Mekong")
        ProjectImage.objects.create(project=Project.objects.get(slug=PROJECT_SLUG), image=picture)
        EventImage.objects.create(event=Event.objects.get(slug=EVENT_SLUG), image=picture)
        # A picture on no published page: one an Editor may change.
        make_image(alt_text="A draft picture of a river port")
        users = {
            "superuser": get_user_model().objects.create_superuser(
                "round-trip-admin", "admin@example.org", "x" * 16
            ),
            "editor": make_staff_user("round-trip-editor", EDITOR),
            "publisher": make_staff_user("round-trip-publisher", PUBLISHER),
        }
        make_security_records(users["publisher"])
        yield {"users": users, "preferred": {Project: PROJECT_SLUG, Event: EVENT_SLUG}}
        transaction.set_rollback(True)


def make_security_records(user):
    """One of each login record and second-factor device, so their pages have an item."""
    seen = {"user_agent": "Test browser", "ip_address": "192.0.2.1", "path_info": "/admin/"}
    AccessAttempt.objects.create(
        username="someone", get_data="", post_data="", failures_since_start=1, **seen
    )
    AccessLog.objects.create(username=user.username, **seen)
    AccessFailureLog.objects.create(username="someone", **seen)
    TOTPDevice.objects.create(user=user, name="Phone")
    static = StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.create(device=static, token="a1b2c3d4")


def candidates(model, preferred):
    """The model's items, the one with every inline populated first."""
    items = list(model._default_manager.order_by("pk"))
    if model in preferred:
        items.sort(key=lambda item: item.slug != preferred[model])
    return items


def as_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def item_to_change(model, user, preferred):
    model_admin = admin.site._registry[model]
    for item in candidates(model, preferred):
        if model_admin.has_change_permission(as_request(user), item):
            return item
    pytest.fail(f"No {model._meta.verbose_name} this user may change: the fixture needs one.")


def stored(value):
    # The admin's date-and-time boxes show whole seconds.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    return value


def snapshot(item, model_admin, request):
    """Every stored value of the item, its many-to-many choices and its inline rows."""
    item = type(item)._default_manager.get(pk=item.pk)
    values = {}
    for field in item._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue
        values[field.name] = stored(field.value_from_object(item))
    for field in item._meta.many_to_many:
        values[field.name] = sorted(field.value_from_object(item), key=lambda related: related.pk)
    for inline in model_admin.get_inline_instances(request, item):
        fk = _get_foreign_key(type(item), inline.model, fk_name=inline.fk_name)
        rows = inline.model._default_manager.filter(**{fk.name: item}).order_by("pk")
        values[f"inline {inline.model._meta.label}"] = [
            {
                f.name: stored(f.value_from_object(row))
                for f in row._meta.concrete_fields
                if not getattr(f, "auto_now", False)
            }
            for row in rows
        ]
    return values


def form_errors(response):
    """The errors a refused save shows, for the failure message."""
    context = response.context
    errors = [context["adminform"].form.errors] if context and "adminform" in context else []
    for formset in (context or {}).get("inline_admin_formsets", []):
        errors += [e for e in formset.formset.errors if e] + formset.formset.non_form_errors()
    return errors


@pytest.mark.django_db
@pytest.mark.parametrize("model, role", CASES)
def test_a_change_form_submitted_as_rendered_saves_and_changes_nothing(content, model, role):
    user = content["users"][role]
    item = item_to_change(model, user, content["preferred"])
    model_admin = admin.site._registry[model]
    client = Client()
    client.force_login(user)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    before = snapshot(item, model_admin, as_request(user))

    response = client.post(url, submitted_data(page.content.decode(), f"{opts.model_name}_form"))

    assert response.status_code == 302, form_errors(response)
    shown = [m.message for m in response.wsgi_request._messages if m.level >= ERROR]
    assert shown == []
    assert snapshot(item, model_admin, as_request(user)) == before


def test_every_gallery_and_results_inline_has_rows(content):
    """The round trip above covers inline rows, not just empty inline forms."""
    request = as_request(content["users"]["superuser"])
    for model, slug in content["preferred"].items():
        item = model.objects.get(slug=slug)
        for inline in admin.site._registry[model].get_inline_instances(request, item):
            fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
            assert inline.model._default_manager.filter(**{fk.name: item}).exists()


def test_the_reader_sends_what_a_browser_sends():
    html = (
        '<form id="x_form"><input type="hidden" name="h" value="1">'
        '<input type="checkbox" name="c" value="yes"><input type="checkbox" name="d" checked>'
        '<input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked>'
        '<input name="off" value="1" disabled><input type="file" name="f">'
        '<select name="s"><option value="1">One</option><option value="2">Two</option></select>'
        '<select name="m" multiple><option value="1" selected>1</option><option>2</option>'
        '<option value="3" selected>3</option></select>'
        '<textarea name="t">\nline one\nline &amp; two</textarea>'
        '<input type="submit" name="_save" value="Save"><input type="submit" name="_x" value="X">'
        '</form><input name="outside" value="1">'
    )

    assert submitted_data(html, "x_form") == {
        "h": ["1"],
        "d": ["on"],
        "r": ["b"],
        "s": ["1"],
        "m": ["1", "3"],
        "t": ["line one\r\nline & two"],
        "_save": ["Save"],
    }
