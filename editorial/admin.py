"""The admin side of the editorial workflow, shared by every content admin.

`EditorialAdmin` keeps a version of every save (django-reversion's admin), with
our own compare, restore and recover pages; refuses a save made from a form
opened before someone else's save; and makes and withdraws preview links.
`EditorialTabularInline` is the base of every inline, so that its rows carry the same check.
`ReviewRequestAdmin` is the Publishers' list of items awaiting review.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from core.permissions import can_publish
from core.publishing import PublishableModel
from editorial import review, revisions
from editorial.markdown_preview import MarkdownTextarea, is_markdown_field
from editorial.models import PreviewLink, ReviewRequest

CONCURRENCY_FIELDS = ["loaded_at", "loaded_version"]


class TextareaField(forms.CharField):
    """Text typed in a textarea, with its line breaks stored as LF.

    Browsers send every line break of a textarea as CR LF: unchanged text would otherwise
    be saved, versioned and compared as changed.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class EditorialFormFieldsMixin:
    """The form fields of every editorial admin and inline: Markdown fields get the
    preview widget, and long text keeps LF line breaks."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_markdown_field(self.model, db_field):
            kwargs["widget"] = MarkdownTextarea
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TextareaField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class EditorialForm(forms.ModelForm):
    """Carries the stored item's last-saved time, and refuses the save if it has moved on."""

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_at"].initial = self.instance.updated_at.isoformat()
            latest = revisions.latest_version(self.instance)
            self.fields["loaded_version"].initial = latest.pk if latest else ""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.refuse_if_stale(cleaned_data.get("loaded_at"))
        return cleaned_data

    def refuse_if_stale(self, loaded_at):
        # The instance still holds the stored values here: the form's are applied after clean().
        if loaded_at == self.instance.updated_at.isoformat():
            return
        raise ValidationError(self.stale_message(), code="stale")

    def stale_message(self):
        name = self.instance._meta.verbose_name
        versions = Version.objects.get_for_object(self.instance)
        loaded_pk = _as_int(self.data.get(self.add_prefix("loaded_version")))
        loaded = versions.filter(pk=loaded_pk).first()
        latest = revisions.latest_version(self.instance)
        who = ""
        if latest is not None and (loaded is None or latest.pk != loaded.pk):
            editor = latest.revision.user.get_username() if latest.revision.user else "the system"
            who = f" by {editor} on {revisions.when(latest)}"
        message = (
            f"This {name} was changed{who} after you opened it, so nothing was saved. "
            "Reload the page to see the current version, then make your changes again."
        )
        changes = revisions.changes_since(loaded, self.instance) if loaded else []
        if changes:
            listed = "; ".join(f"{row['label']}: now “{row['new']}”" for row in changes)
            message += f" What changed: {listed}."
        return message


class EditorialTabularInline(EditorialFormFieldsMixin, admin.TabularInline):
    """An inline whose rows, when their form is an `EditorialForm`, render the hidden
    last-saved time and version, so a row is refused only if it truly changed meanwhile."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.form, EditorialForm):
            fields += [field for field in CONCURRENCY_FIELDS if field not in fields]
        return fields


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class EditorialAdmin(EditorialFormFieldsMixin, VersionAdmin):
    """Versions on every save, our compare/restore/recover pages, and stale-save refusal."""

    form = EditorialForm
    change_form_template = "editorial/admin/change_form.html"
    history_latest_first = True
    # Whether drafts can be shown to a reviewer without a login (the item has a public page).
    shareable_preview = False

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        preview_urls = [
            path(
                "<path:object_id>/preview-link/",
                view(require_POST(self.create_preview_link_view)),
                name=f"{name}_preview_link",
            ),
            path(
                "<path:object_id>/preview-link/<int:link_id>/revoke/",
                view(require_POST(self.revoke_preview_link_view)),
                name=f"{name}_revoke_preview_link",
            ),
        ]
        return preview_urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {}
        if obj is not None and self.can_share_preview(request, obj):
            context["preview_links"] = [
                {
                    "url": request.build_absolute_uri(link.get_absolute_url()),
                    "expires_at": link.expires_at,
                    "revoke_url": self.admin_url("revoke_preview_link", obj.pk, link.pk),
                }
                for link in PreviewLink.objects.for_item(obj).active()
            ]
            context["create_preview_link_url"] = self.admin_url("preview_link", obj.pk)
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def can_share_preview(self, request, obj):
        return (
            self.shareable_preview
            and not obj.is_public
            and self.has_change_permission(request, obj)
        )

    def create_preview_link_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.shareable_preview or not self.has_change_permission(request, obj):
            raise PermissionDenied
        if obj.is_public:
            messages.error(request, "It is public already: share its address instead.")
        else:
            link = PreviewLink.create_for(obj, user=request.user)
            until = date_format(timezone.localtime(link.expires_at), "j F Y, H:i")
            messages.success(
                request,
                f"Preview link, valid until {until}: "
                f"{request.build_absolute_uri(link.get_absolute_url())}",
            )
        return redirect(self.admin_url("change", obj.pk))

    def revoke_preview_link_view(self, request, object_id, link_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        link = get_object_or_404(PreviewLink.objects.for_item(obj), pk=link_id)
        link.revoke(user=request.user)
        messages.success(request, "The preview link was withdrawn: it no longer opens.")
        return redirect(self.admin_url("change", obj.pk))

    def holds_for_approval(self, request, obj):
        """Whether this user's changes to `obj` wait for a Publisher's approval."""
        return False

    def message_user(self, request, *args, **kwargs):
        # A change held for approval was not saved: the admin's "changed" message would mislead.
        if not getattr(request, "holding_for_approval", False):
            super().message_user(request, *args, **kwargs)

    def get_fields(self, request, obj=None):
        # Rendered once, hidden, by the change form template rather than as form rows.
        fields = super().get_fields(request, obj)
        return [field for field in fields if field not in CONCURRENCY_FIELDS]

    def changelist_view(self, request, extra_context=None):
        # Unlike VersionAdmin's, not inside a revision: the bulk delete keeps its own
        # versions, which a surrounding revision would drop with the deleted rows.
        # No list here is editable, so nothing else on this page needs a revision.
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def delete_model(self, request, obj):
        revisions.keep_before_deleting([obj], user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        revisions.keep_before_deleting(list(queryset), user=request.user)
        super().delete_queryset(request, queryset)

    def admin_url(self, view, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A version compared field by field with the item as it is now, and its restore."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        can_restore = self.has_change_permission(request, obj)
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            if self.holds_for_approval(request, obj):
                rows = review.snapshot(version.revision)
                if review.propose_change(obj, rows, user=request.user) is None:
                    messages.info(request, "This version is the same as the live one.")
                else:
                    messages.success(
                        request,
                        "Restoring this version changes a published item, so it is waiting "
                        "for a publisher's approval. The public page stays as it was until then.",
                    )
                return redirect(self.admin_url("change", obj.pk))
            try:
                revisions.restore(version, user=request.user)
            except (ValidationError, IntegrityError, RevertError) as error:
                reason = " ".join(getattr(error, "messages", [str(error)]))
                messages.error(request, f"Not restored: {reason}")
                return redirect(request.path)
            messages.success(
                request,
                f"Restored the version of {revisions.when(version)} as a new version. "
                "Its publication is as it was before the restore.",
            )
            return redirect(self.admin_url("change", obj.pk))
        rows = revisions.compare(
            self.model, revisions.version_values(version), revisions.current_values(obj)
        )
        return self.render_version_page(
            request,
            {
                "title": f"Compare a version of “{obj}” with the current one",
                "original": obj,
                "version": version,
                "rows": rows,
                "changed_count": sum(row["changed"] for row in rows),
                "can_act": can_restore,
                "history_url": self.admin_url("history", obj.pk),
            },
        )

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted item's last version, and bringing it back."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_deleted(self.model).select_related("revision__user"),
            pk=version_id,
        )
        if request.method == "POST":
            try:
                recovered = revisions.recover(version, user=request.user)
            except (ValidationError, IntegrityError, RevertError) as error:
                reason = " ".join(getattr(error, "messages", [str(error)]))
                messages.error(request, f"Not recovered: {reason}")
                return redirect(request.path)
            messages.success(request, f"Recovered “{recovered}”.")
            return redirect(self.admin_url("change", recovered.pk))
        rows = revisions.compare(self.model, revisions.version_values(version), None)
        return self.render_version_page(
            request,
            {
                "title": f"Recover the deleted “{version.object_repr}”",
                "version": version,
                "rows": rows,
                "recover": True,
                "as_draft": issubclass(self.model, PublishableModel),
                "can_act": True,
                "history_url": self.admin_url("recoverlist"),
            },
        )

    def render_version_page(self, request, context):
        opts = self.model._meta
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            **context,
        }
        return TemplateResponse(request, "editorial/admin/version.html", context)


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    """Items awaiting review: Publishers approve or send back; Editors see the outcome."""

    list_display = ["__str__", "kind", "state", "requested_by", "requested_at", "decided_by"]
    list_filter = ["state", "content_type"]
    list_select_related = ["content_type", "requested_by", "decided_by"]
    actions = None

    @admin.display(description="kind")
    def kind(self, obj):
        return "Change to a published item" if obj.is_change else "Draft to publish"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:review_id>/approve/",
                view(require_POST(self.approve_view)),
                name="editorial_reviewrequest_approve",
            ),
            path(
                "<int:review_id>/send-back/",
                view(require_POST(self.send_back_view)),
                name="editorial_reviewrequest_send_back",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The list opens on what needs doing.
        if not request.GET and request.method == "GET":
            return redirect(f"{request.path}?state__exact={ReviewRequest.State.AWAITING}")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        request_obj = self.get_object(request, unquote(object_id))
        if request_obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, request_obj):
            raise PermissionDenied
        item = request_obj.item
        rows = []
        if request_obj.is_change and item is not None:
            rows = revisions.compare(
                type(item),
                revisions.current_values(item),
                revisions.version_values(request_obj.proposed),
            )
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": str(request_obj),
            "review": request_obj,
            "item": item,
            "item_url": item
            and reverse(
                f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]
            ),
            "rows": rows,
            "changed_rows": [row for row in rows if row["changed"]],
            "can_decide": can_publish(request.user)
            and request_obj.state == ReviewRequest.State.AWAITING,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "editorial/admin/review.html", context)

    def approve_view(self, request, review_id):
        review_request = get_object_or_404(ReviewRequest, pk=review_id)
        form = ApproveForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("publish_at", [])))
            return redirect(self.admin_url("change", review_id))
        try:
            review.approve(review_request, user=request.user, at=form.cleaned_data["publish_at"])
        except ValidationError as error:
            messages.error(request, f"Not approved: {' '.join(error.messages)}")
            return redirect(self.admin_url("change", review_id))
        messages.success(request, f"Approved: {review_request}.")
        return redirect(self.admin_url("changelist"))

    def send_back_view(self, request, review_id):
        review_request = get_object_or_404(ReviewRequest, pk=review_id)
        try:
            review.send_back(
                review_request, user=request.user, comment=request.POST.get("comment", "")
            )
        except ValidationError as error:
            messages.error(request, f"Not sent back: {' '.join(error.messages)}")
            return redirect(self.admin_url("change", review_id))
        messages.success(request, f"Sent back to the editor: {review_request}.")
        return redirect(self.admin_url("changelist"))

    def admin_url(self, view, *args):
        return reverse(f"admin:editorial_reviewrequest_{view}", args=args)


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(
        required=False,
        help_text="Leave empty to publish now; a future time schedules it.",
    )
