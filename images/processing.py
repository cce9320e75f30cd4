"""Pillow work on an accepted upload: the stored copy without metadata, and its renditions.

The stored copy is re-encoded from the pixels alone, turned upright first, so no EXIF
block (camera, time, GPS location) and no text chunk survives. Renditions are smaller
copies for `srcset`; an image is never enlarged.
"""

import io

from PIL import Image as PillowImage
from PIL import ImageOps

RENDITION_WIDTHS = (400, 800, 1600)
SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}


def without_metadata(file):
    """(bytes, width, height): the picture in `file`, upright, in its format, with no EXIF."""
    file.seek(0)
    with PillowImage.open(file) as picture:
        upright = ImageOps.exif_transpose(picture)
        data = encode(upright, picture.format, icc_profile=picture.info.get("icc_profile"))
        return data, upright.width, upright.height


def encode(picture, format_name, icc_profile=None):
    options = dict(SAVE_OPTIONS[format_name])
    # The colour profile keeps colours true; it says nothing about where or who.
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    picture.save(out, format=format_name, **options)
    return out.getvalue()


def rendition_widths(original_width):
    """The standard widths narrower than the original, and the original's own width when it
    is narrower than the widest, so a small picture still has one rendition at its own size."""
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    if original_width <= RENDITION_WIDTHS[-1]:
        widths.append(original_width)
    return widths


def make_renditions(file):
    """{width: (height, bytes)} for each rendition of the stored picture in `file`."""
    file.seek(0)
    with PillowImage.open(file) as picture:
        picture.load()
        format_name = picture.format
        icc_profile = picture.info.get("icc_profile")
        source = resizable(picture, format_name)
        renditions = {}
        for width in rendition_widths(picture.width):
            smaller = scaled_to_width(source, width)
            renditions[width] = (smaller.height, encode(smaller, format_name, icc_profile))
    return renditions


def resizable(picture, format_name):
    """The picture in a colour mode that resizes smoothly and that the format can store."""
    if format_name == "JPEG":
        return picture if picture.mode in ("RGB", "L") else picture.convert("RGB")
    if picture.mode in ("RGB", "RGBA", "L", "LA"):
        return picture
    has_alpha = "transparency" in picture.info or picture.mode.endswith("A")
    return picture.convert("RGBA" if has_alpha else "RGB")


def scaled_to_width(picture, width):
    if width == picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), PillowImage.Resampling.LANCZOS, reducing_gap=3.0)
