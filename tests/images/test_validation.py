"""An upload is judged by its content: only whole JPEG, PNG and WebP pictures of at most
10 MB and 40 megapixels pass, and each refusal names the problem."""

import pytest
from django.core.exceptions import ValidationError

from images.models import Image
from images.validation import inspect_image_file
from tests.images.pictures import (
    one_bit_png,
    picture_bytes,
    png_declaring,
    upload,
)


def refusal(file):
    with pytest.raises(ValidationError) as caught:
        inspect_image_file(file)
    return caught.value


@pytest.mark.parametrize("format_name", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_pictures_are_accepted(format_name):
    facts = inspect_image_file(upload(format_name=format_name, size=(640, 480)))
    assert (facts.format, facts.width, facts.height) == (format_name, 640, 480)


def test_a_gif_is_refused_naming_its_format():
    error = refusal(upload(format_name="GIF"))
    assert error.code == "format"
    assert "GIF" in error.messages[0] and "JPEG, PNG or WebP" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [b"#!/bin/sh\nrm -rf /\n", b"<script>alert(1)</script>", b"<?php system($_GET['c']); ?>"],
)
def test_a_script_named_like_a_jpeg_is_refused_as_not_an_image(content):
    error = refusal(upload(content, name="holiday.jpg"))
    assert error.code == "not_an_image"
    assert error.messages == ["The file is not an image: upload a JPEG, PNG or WebP picture."]


def test_an_empty_file_is_refused_as_empty():
    error = refusal(upload(b"", name="empty.jpg"))
    assert error.code == "empty"
    assert "empty (0 bytes)" in error.messages[0]


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    error = refusal(upload(b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), name="big.jpg"))
    assert error.code == "too_large"
    assert "11.0 MB" in error.messages[0] and "at most 10 MB" in error.messages[0]


def test_a_picture_of_over_40_megapixels_is_refused_though_its_file_is_small():
    data = one_bit_png((8000, 6000))
    assert len(data) < 100_000
    error = refusal(upload(data, name="wide.png"))
    assert error.code == "too_many_pixels"
    assert "8000 × 6000 pixels (48 megapixels)" in error.messages[0]


def test_a_decompression_bomb_is_refused_by_name_without_decoding_it():
    error = refusal(upload(png_declaring(10000, 10000), name="bomb.png"))
    assert error.code == "decompression_bomb"
    assert "decompression bomb" in error.messages[0]


def test_a_truncated_picture_is_refused_as_damaged():
    error = refusal(upload(picture_bytes("JPEG")[:2000], name="cut.jpg"))
    assert error.code in ("damaged", "not_an_image")


@pytest.mark.django_db
def test_an_invalid_upload_saved_from_code_is_refused_and_nothing_is_stored(media_root):
    image = Image(file=upload(b"not a picture", name="x.jpg"), alt_text="Nothing")
    with pytest.raises(ValidationError):
        image.full_clean()
    with pytest.raises(ValidationError):
        image.save()
    assert not Image.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]
