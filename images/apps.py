from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from images.files import remove_files_with_rows
        from images.models import Image, Rendition

        # Files leave storage with their rows, whatever route deletes them (form, bulk action).
        remove_files_with_rows(Image, Rendition)
