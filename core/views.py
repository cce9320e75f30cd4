from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from core.models import OldSlug
from core.permissions import can_preview_drafts
from core.query_parameters import ReadsQueryParameters


class PublishedDetailView(ReadsQueryParameters, DetailView):
    """A detail page of published content.

    The public sees only `published()` items. A user who may preview drafts
    (`can_preview_drafts`) may open a draft or a scheduled item at its public
    address: the page then says so in a banner and is never cached. A slug an
    item used to have answers 301 with its current address.
    """

    slug_url_kwarg = "slug"

    def shows_drafts(self):
        return can_preview_drafts(self.request.user, self.model)

    def get_queryset(self):
        if self.shows_drafts():
            return self.model.objects.all()
        return self.model.objects.published()

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            renamed = OldSlug.find(self.model, kwargs["slug"])
            if renamed is not None and self.get_queryset().filter(pk=renamed.pk).exists():
                return HttpResponsePermanentRedirect(renamed.get_absolute_url())
            raise
        response = self.render_to_response(self.get_context_data(object=self.object))
        if self.shows_drafts():
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object.is_public:
            context["preview_banner"] = (
                "Scheduled, not yet public." if self.object.is_scheduled else "This is a draft."
            )
        return context
