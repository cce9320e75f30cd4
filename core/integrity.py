"""Rules that keep content whole, whatever route a change takes (admin, loader, shell).

- A country, cooperation area or source that content still uses cannot be deleted:
  many-to-many links would otherwise vanish without a word. The refusal names the users.
- A source's address must be an http or https URL, so no script URL reaches a page. Forms
  refuse another with a message (the validator is on the field); any other route is stopped
  before the save.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete, pre_save
from django.http import HttpResponseRedirect

NAMES_SHOWN = 5
SOURCE_URL_MESSAGE = (
    "A source's address must start with http:// or https://, e.g. https://example.org/report."
)
# Its own code: a model form would show its URL field's generic message for "invalid".
validate_source_url = URLValidator(
    schemes=["http", "https"], message=SOURCE_URL_MESSAGE, code="source_url_scheme"
)


def users_of(instance):
    """(relation name, first few users, total) for each kind of content using `instance`."""
    uses = []
    for relation in instance._meta.related_objects:
        if not (relation.one_to_many or relation.many_to_many):
            continue
        users = relation.related_model._default_manager.filter(**{relation.field.name: instance})
        total = users.count()
        if total:
            names = [str(user) for user in users[:NAMES_SHOWN]]
            uses.append((relation.related_model._meta.verbose_name_plural, names, total))
    return uses


def refuse_delete_while_used(sender, instance, **kwargs):
    uses = users_of(instance)
    if not uses:
        return
    described = "; ".join(
        f"{total} {kind} ({', '.join(names)}{', ...' if total > len(names) else ''})"
        for kind, names, total in uses
    )
    raise ProtectedError(
        f'Cannot delete {instance._meta.verbose_name} "{instance}": it is used by {described}.',
        set(),
    )


def check_source_url(sender, instance, **kwargs):
    try:
        validate_source_url(instance.url)
    except ValidationError as error:
        raise ValidationError({"url": f"{SOURCE_URL_MESSAGE} Not {instance.url!r}."}) from error


def protect_while_used(model):
    """Refuse to delete a row of `model` that other content still uses."""
    pre_delete.connect(
        refuse_delete_while_used, sender=model, dispatch_uid=f"protect-{model._meta.label}"
    )


def check_source_urls(model):
    """Stop any save of `model` whose `url` is not an http or https address."""
    pre_save.connect(check_source_url, sender=model, dispatch_uid=f"source-url-{model._meta.label}")


class ProtectedDeleteMiddleware:
    """In the admin, a refused delete goes back to the item with the reason, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProtectedError) or request.method != "POST":
            return None
        messages.error(request, exception.args[0])
        # ".../<id>/delete/" goes back to the item's page; a list's bulk delete to the list.
        path = request.path.removesuffix("delete/") if request.path.endswith("/delete/") else None
        return HttpResponseRedirect(path or request.get_full_path())
