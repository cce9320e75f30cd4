from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format

from core.views import PublishedDetailView
from editorial.models import PreviewRefused, link_from_token


class SharedPreviewDetailView(PublishedDetailView):
    """The public detail page of the item a preview link is for, whatever its publication.

    Placed after a detail view in a subclass's bases, it replaces only the
    published-only queryset, so the page is exactly the one the public will see.
    """

    link = None

    def get_queryset(self):
        return self.model.objects.filter(pk=self.link.object_id)

    def get_object(self, queryset=None):
        item = (queryset if queryset is not None else self.get_queryset()).first()
        if item is None:
            raise Http404("The item of this preview link no longer exists.")
        return item

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        until = date_format(timezone.localtime(self.link.expires_at), "j F Y, H:i")
        context.update(
            preview_banner=f"Shared preview link, valid until {until} (Bangkok time).",
            noindex=True,
        )
        return context


_preview_views = {}


def register_preview(model, detail_view):
    """Let preview links to items of `model` open the page `detail_view` draws for the public;
    called by the content apps from their `AppConfig.ready()`."""
    name = f"{detail_view.__name__}Preview"
    _preview_views[model._meta.label_lower] = type(
        name, (detail_view, SharedPreviewDetailView), {"__module__": __name__}
    )


def preview_view(model):
    """The preview view registered for `model`, or None."""
    return _preview_views.get(model._meta.label_lower) if model is not None else None


def preview(request, token):
    """The page a preview link opens: never cached, never indexed."""
    try:
        link = link_from_token(token)
        view_class = preview_view(link.content_type.model_class())
        if view_class is None:
            raise PreviewRefused("This preview link is not valid.")
        response = view_class.as_view(link=link)(request)
        response.render()
    except (PreviewRefused, Http404) as refusal:
        reason = str(refusal) if isinstance(refusal, PreviewRefused) else "This item is gone."
        response = render(request, "editorial/preview_refused.html", {"reason": reason}, status=404)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
