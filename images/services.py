"""Making an image's renditions, the smaller copies its pages offer in `srcset`.

Whoever stores a new picture file asks for them (the admin); they are made once the
transaction commits, so a save that is rolled back leaves no rendition files behind, and
saving the row writes only the file it was given.
"""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction

from images.models import Rendition
from images.processing import make_renditions


def make_renditions_on_commit(image):
    transaction.on_commit(lambda: replace_renditions(image))


def replace_renditions(image):
    """Make `image`'s renditions from its stored file, in place of any it had."""
    with transaction.atomic():
        for old in image.renditions.all():
            old.delete()
        stem = PurePosixPath(image.file.name).stem
        extension = PurePosixPath(image.file.name).suffix
        for width, (height, data) in make_renditions(image.file).items():
            rendition = Rendition(image=image, width=width, height=height)
            rendition.file.save(f"{stem}-{width}w{extension}", ContentFile(data), save=False)
            rendition.save()
    image.file.seek(0)
