"""Real picture files made with Pillow for the tests, and images saved from them."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PillowImage

from images.models import Image
from images.services import make_renditions_on_commit

GPS_IFD = 0x8825
ORIENTATION = 0x0112
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def picture_bytes(format_name="JPEG", size=(1200, 800), exif=None):
    """A picture of `size` pixels (a colour gradient, so it compresses like a photo)."""
    picture = PillowImage.linear_gradient("L").resize(size).convert("RGB")
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    picture.save(out, format=format_name, **options)
    return out.getvalue()


def upload(data=None, name=None, format_name="JPEG", size=(1200, 800)):
    """An uploaded file as a form receives it; by default a JPEG of `size` pixels."""
    if data is None:
        data = picture_bytes(format_name, size)
    name = name or f"picture.{EXTENSIONS[format_name]}"
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def make_image(size=(1200, 800), format_name="JPEG", **fields):
    fields = {
        "alt_text": "A test picture of a river",
        "caption": "The river at dawn.",
        "credit": "Test photographer",
        "licence": "CC BY 4.0",
        **fields,
    }
    return save_with_renditions(Image(file=upload(format_name=format_name, size=size), **fields))


def save_with_renditions(image):
    """Save `image` and make its renditions as the admin does, running the work the admin
    leaves to the commit at once: a test's transaction never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        image.save()
        make_renditions_on_commit(image)
    return image


def gps_exif():
    """EXIF with a GPS position (near Vientiane) and a camera model."""
    exif = PillowImage.Exif()
    exif[0x0110] = "Test camera"
    exif[GPS_IFD] = {1: "N", 2: (17.0, 58.0, 0.0), 3: "E", 4: (102.0, 36.0, 0.0)}
    return exif


def rotated_exif():
    """EXIF saying the camera was turned: the picture is shown rotated 90 degrees."""
    exif = PillowImage.Exif()
    exif[ORIENTATION] = 6
    return exif


def one_bit_png(size):
    """A real, whole PNG of many pixels that is only a few kilobytes: 1 bit a pixel."""
    out = io.BytesIO()
    PillowImage.new("1", size).save(out, format="PNG")
    return out.getvalue()


def png_declaring(width, height):
    """A PNG whose header declares `width` x `height` pixels, with almost no data behind it."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
