"""No words hidden in a picture's file reach the site: JPEG comments, EXIF, XMP and PNG text
chunks are gone from the stored original and from every rendition, while the colour profile
and a PNG's transparency stay."""

import io

import pytest
from PIL import Image as PillowImage
from PIL import ImageCms, PngImagePlugin

from images.models import Image
from tests.images.pictures import save_with_renditions, upload

pytestmark = pytest.mark.django_db

SECRET = "Shot at home, 12 Hang Bac street"
SIZE = (1000, 600)


@pytest.fixture(autouse=True)
def temporary_media(media_root):
    return media_root


# Made once: a profile carries the time it was made.
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_with_secret():
    exif = PillowImage.Exif()
    exif[0x010E] = SECRET  # ImageDescription
    return exif


def xmp_with_secret():
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description><dc:description xmlns:dc="http://purl.org/dc/elements/1.1/">{SECRET}'
        "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def gradient(mode):
    return PillowImage.linear_gradient("L").resize(SIZE).convert(mode)


def jpeg_with_secrets():
    out = io.BytesIO()
    gradient("RGB").save(
        out,
        format="JPEG",
        comment=SECRET,
        exif=exif_with_secret(),
        xmp=xmp_with_secret(),
        icc_profile=SRGB_PROFILE,
    )
    return out.getvalue()


def png_with_secrets():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SECRET)
    text.add_text("Description", SECRET, zip=True)
    text.add_itxt("Location", SECRET, lang="en")
    text.add_text("XML:com.adobe.xmp", xmp_with_secret().decode())
    picture = gradient("RGBA")
    picture.putalpha(PillowImage.linear_gradient("L").resize(SIZE))
    out = io.BytesIO()
    picture.save(out, format="PNG", pnginfo=text, exif=exif_with_secret(), icc_profile=SRGB_PROFILE)
    return out.getvalue()


def saved(data, name):
    assert SECRET.encode() in data
    return save_with_renditions(Image(file=upload(data, name=name), alt_text="A street"))


def stored_files(image):
    return [image.file, *(rendition.file for rendition in image.renditions.all())]


def contents(file):
    file.open("rb")
    data = file.read()
    file.close()
    return data


@pytest.mark.parametrize(
    "data, name", [(jpeg_with_secrets(), "street.jpg"), (png_with_secrets(), "street.png")]
)
def test_no_stored_file_carries_the_hidden_text(data, name):
    image = saved(data, name)

    files = stored_files(image)
    assert len(files) > 1
    for file in files:
        assert SECRET.encode() not in contents(file), file.name


def test_a_jpeg_keeps_its_colour_profile_and_loses_its_comment_exif_and_xmp():
    image = saved(jpeg_with_secrets(), "street.jpg")

    for file in stored_files(image):
        picture = PillowImage.open(io.BytesIO(contents(file)))
        assert picture.info.get("icc_profile") == SRGB_PROFILE
        assert "comment" not in picture.info
        assert "xmp" not in picture.info
        assert len(picture.getexif()) == 0


def test_a_png_keeps_its_transparency_and_colour_profile_and_loses_its_text():
    image = saved(png_with_secrets(), "street.png")

    for file in stored_files(image):
        picture = PillowImage.open(io.BytesIO(contents(file)))
        assert picture.mode == "RGBA"
        assert picture.getextrema()[3][0] < 255
        assert picture.info.get("icc_profile") == SRGB_PROFILE
        assert not getattr(picture, "text", {})
        assert len(picture.getexif()) == 0
