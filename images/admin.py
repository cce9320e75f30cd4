from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from core.permissions import can_publish
from images.models import Image
from images.services import make_renditions_on_commit
from images.validation import ALLOWED_FORMATS


class ImageForm(forms.ModelForm):
    # A plain file field: Django's image field would refuse a bad file with one vague
    # message before ours (images/validation.py, run by the model) can name the problem.
    file = forms.FileField(
        label="Image file",
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f"image/{name.lower()}" for name in ALLOWED_FORMATS)}
        ),
        help_text=Image._meta.get_field("file").help_text,
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "licence"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "caption", "credit", "licence", "size", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "size"]
    fields = ["preview", "file", "size", "alt_text", "caption", "credit", "licence"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            make_renditions_on_commit(obj)

    def has_change_permission(self, request, obj=None):
        # A picture on published pages is public content: an editor's change would go live
        # without review, so only a publisher changes it.
        if obj is not None and not can_publish(request.user) and obj.appears_on_published_pages():
            return False
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        image = self.get_object(request, object_id)
        if image is not None and not self.has_change_permission(request, image):
            messages.info(
                request,
                "This picture is on published pages, so only a publisher can change it. "
                "To propose another, upload a new picture and choose it on the project or event.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="picture")
    def thumbnail(self, obj):
        return picture_tag(obj.rendition(120), obj.alt_text)

    @admin.display(description="current picture")
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "None yet"
        return picture_tag(obj.rendition(400), obj.alt_text, max_width=400)

    @admin.display(description="size in pixels")
    def size(self, obj):
        if obj is None or not obj.width:
            return "-"
        return f"{obj.width} × {obj.height}"


def picture_tag(shown, alt_text, max_width=120):
    """An <img> no wider than `max_width`, with the width and height attributes set."""
    width = min(shown.width, max_width) if shown.width else max_width
    height = round(shown.height * width / shown.width) if shown.width else ""
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        shown.url,
        width,
        height,
        alt_text,
    )
