"""Editing comfort for Markdown fields in the admin: help beside the field and a live
preview rendered by the site's own sanitiser, so what an editor sees is what the public
page will show.

A model's Markdown fields are the text fields it renders for the public through a
`<field>_html` property (`Project.body_html`, `Event.body_html`, `Country.profile_html`),
so the admin finds them without a list to keep in step.
"""

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.db import models
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.markdown import render_markdown
from core.markdown_field import MARKDOWN_MAX_LENGTH

TOO_LONG_MESSAGE = (
    "The text is too long to preview or save ({length:,} characters; "
    "a Markdown field holds at most {limit:,} characters)."
)


def is_markdown_field(model, db_field):
    """True for a text field the model shows to the public as rendered Markdown."""
    return isinstance(db_field, models.TextField) and isinstance(
        getattr(model, f"{db_field.name}_html", None), property
    )


class MarkdownTextarea(forms.Textarea):
    """A textarea with the Markdown help beside it and a live preview below it."""

    template_name = "editorial/widgets/markdown_textarea.html"

    class Media:
        js = ["js/markdown-preview.js"]
        css = {"all": ["css/admin-markdown.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-markdown-preview"] = reverse("markdown_preview")
        context["widget"]["max_length"] = f"{MARKDOWN_MAX_LENGTH:,}"
        return context


@never_cache
@require_POST
@staff_member_required
def markdown_preview(request):
    """The posted `text` rendered exactly as the public pages render Markdown; text over
    the fields' limit is refused unread, since it could not be saved either."""
    text = request.POST.get("text", "")
    if len(text) > MARKDOWN_MAX_LENGTH:
        message = TOO_LONG_MESSAGE.format(length=len(text), limit=MARKDOWN_MAX_LENGTH)
        return JsonResponse({"error": message}, status=413)
    return JsonResponse({"html": str(render_markdown(text))})
