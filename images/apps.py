from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from images.files import connect

        # Files leave storage with their rows, whatever route deletes them (form, bulk action).
        connect()
