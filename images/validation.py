"""What an uploaded image must be, checked in one place for every route (admin form, shell).

The file is judged by its content, never by its name: Pillow must recognise it as a JPEG,
PNG or WebP picture and decode it whole. Each refusal names the problem, so an editor
knows what to fix.
"""

import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ALLOWED_NAMES = "JPEG, PNG or WebP"


@dataclass(frozen=True)
class ImageFacts:
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ALLOWED_FORMATS[self.format]


def validate_image_file(file):
    """Raise ValidationError naming the problem unless `file` is an image we accept."""
    # A stored file was checked when it was uploaded; re-reading it would fetch it from storage.
    if getattr(file, "_committed", False):
        return
    inspect_image_file(file)


def inspect_image_file(file):
    """The format and size of an acceptable image file; ValidationError otherwise."""
    check_file_size(file.size)
    try:
        facts = read_header(file)
        decode_whole(file)
    finally:
        file.seek(0)
    return facts


def check_file_size(size):
    if not size:
        raise ValidationError("The file is empty (0 bytes): choose an image file.", code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            f"The file is {size / 1024 / 1024:.1f} MB; an image may be at most "
            f"{MAX_BYTES // 1024 // 1024} MB. Save it smaller and upload it again.",
            code="too_large",
        )


def read_header(file):
    """Format and dimensions from the header, before any pixel is decoded."""
    file.seek(0)
    with refusing_bombs():
        try:
            with PillowImage.open(file) as picture:
                facts = ImageFacts(picture.format, *picture.size)
                check_format(facts.format)
                check_pixels(facts)
                picture.verify()
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise not_an_image() from error
    return facts


def decode_whole(file):
    """Decode every pixel: verify() misses some damage (e.g. a truncated JPEG)."""
    file.seek(0)
    with refusing_bombs():
        try:
            with PillowImage.open(file) as picture:
                picture.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                f"The image is damaged and cannot be read whole ({error}).", code="damaged"
            ) from error


def check_format(format_name):
    if format_name not in ALLOWED_FORMATS:
        raise ValidationError(
            f"This is a {format_name} image; upload a {ALLOWED_NAMES} image instead.",
            code="format",
        )


def check_pixels(facts):
    pixels = facts.width * facts.height
    if pixels > MAX_PIXELS:
        raise ValidationError(
            f"The image is {facts.width} × {facts.height} pixels ({pixels / 1e6:.0f} megapixels); "
            f"at most {MAX_PIXELS // 1_000_000} megapixels are accepted. Resize it first.",
            code="too_many_pixels",
        )


def not_an_image():
    return ValidationError(
        f"The file is not an image: upload a {ALLOWED_NAMES} picture.", code="not_an_image"
    )


@contextmanager
def refusing_bombs():
    """Turn Pillow's decompression-bomb warning and error into a clear refusal."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
        try:
            yield
        except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning) as error:
            raise ValidationError(
                "The image declares far more pixels than its file holds (a decompression bomb); "
                f"at most {MAX_PIXELS // 1_000_000} megapixels are accepted.",
                code="decompression_bomb",
            ) from error
