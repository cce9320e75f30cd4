"""A text is parsed once: its sanitised HTML is kept in the cache under a hash of the
text and the renderer's version, so a changed renderer never serves stale HTML."""

import uuid

from django.core.cache import cache

from core import markdown
from core.markdown import cache_key, render_markdown


def unique_text():
    return f"Some **bold** text {uuid.uuid4()}."


def test_a_rendered_text_is_kept_in_the_cache():
    text = unique_text()

    html = render_markdown(text)

    assert cache.get(cache_key(text)) == str(html)


def test_a_text_rendered_before_is_served_from_the_cache():
    text = unique_text()
    cache.set(cache_key(text), "<p>from the cache</p>")

    assert render_markdown(text) == "<p>from the cache</p>"


def test_a_new_renderer_version_does_not_read_html_cached_by_the_old_one(monkeypatch):
    text = unique_text()
    old_key = cache_key(text)

    monkeypatch.setattr(markdown, "RENDERER_VERSION", markdown.RENDERER_VERSION + 1)

    assert cache_key(text) != old_key
