"""Pillow work on an accepted upload: the stored copy without metadata, and its renditions.

The stored copy is re-encoded from the pixels alone, turned upright first, so nothing a
camera or an editing program wrote into the file survives: no EXIF block (camera, time, GPS
location), no XMP, no JPEG comment, no PNG text chunk. Only the colour profile and a PNG's
transparent colour are kept. Renditions are smaller copies for `srcset`, made the same way;
an image is never enlarged.
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
# What a picture's `info` may carry into a stored file. The colour profile keeps colours true
# and the transparent colour keeps a PNG's background; neither says anything about where or who.
KEPT_INFO = ("icc_profile", "transparency")


def without_metadata(file):
    """(bytes, width, height): the picture in `file`, upright, in its format, with no EXIF."""
    file.seek(0)
    with PillowImage.open(file) as picture:
        upright = ImageOps.exif_transpose(picture)
        data = encode(upright, picture.format)
        return data, upright.width, upright.height


def encode(picture, format_name):
    """The picture's pixels in `format_name`, with nothing of its `info` but KEPT_INFO.

    Pillow writes parts of `info` back on its own (a JPEG's comment, for one), so the
    picture's `info` is cut down to KEPT_INFO first.
    """
    picture.info = {key: picture.info[key] for key in KEPT_INFO if key in picture.info}
    options = dict(SAVE_OPTIONS[format_name])
    if "icc_profile" in picture.info:
        options["icc_profile"] = picture.info["icc_profile"]
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
        source = resizable(picture, format_name)
        renditions = {}
        for width in rendition_widths(picture.width):
            smaller = scaled_to_width(source, width)
            renditions[width] = (smaller.height, encode(smaller, format_name))
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
