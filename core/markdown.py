"""Editors write Markdown; the public sees it rendered and sanitised.

Everything an editor writes goes through `render_markdown`, which keeps a short
allow-list of tags and attributes (nh3), so no script, style, frame, event
handler or script URL can reach a visitor.

The parser is markdown-it-py, a CommonMark parser whose time grows in step with the
text's length whatever the text holds: a backtracking parser took minutes on a few
thousand unclosed brackets. It is set up to give what the site's content was written
for: tables, and raw HTML passed on to the sanitiser. Rendered HTML is cached under a
hash of the text, so a page view does not parse the same text again.
"""

import hashlib
import re

import nh3
from django.core.cache import cache
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

# Change it whenever a change here changes the HTML of existing text, so that no page
# shows HTML cached from before the change.
RENDERER_VERSION = 2
CACHE_SECONDS = 30 * 24 * 60 * 60

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src"}
# Browsers drop tabs and newlines inside a URL, so "jav\tascript:" is "javascript:".
INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"([^/?#]*):")

PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# Every link becomes a link and the sanitiser alone decides which addresses stay, as
# with the former parser: a script address gives a link without an address, not text.
PARSER.validateLink = lambda url: True


def url_is_allowed(url):
    """True for a relative URL or one whose scheme, once its hidden characters are
    removed, is in the allow-list; nh3 checks the scheme as written."""
    scheme = SCHEME.match(INVISIBLE_IN_URL.sub("", url))
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def keep_safe_urls(tag, attribute, value):
    if attribute in URL_ATTRIBUTES and not url_is_allowed(value):
        return None
    return value


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=keep_safe_urls,
        link_rel="noopener nofollow",
    )


def markdown_to_html(text):
    """The text parsed and sanitised, as a plain string, without the cache."""
    # The former parser ended without a newline; the HTML stays as it was.
    return sanitise_html(PARSER.render(text or "").rstrip("\n"))


def cache_key(text):
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"markdown:{RENDERER_VERSION}:{digest}"


def render_markdown(text):
    """The text as safe HTML for a template, from the cache when it was rendered before.

    Only sanitised HTML is ever written under these keys, so what the cache returns is
    as safe as a fresh render.
    """
    key = cache_key(text or "")
    html = cache.get(key)
    if html is None:
        html = markdown_to_html(text)
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 before it was cached
