"""Editors write Markdown; the public sees it rendered and sanitised.

Everything an editor writes goes through `render_markdown`, which keeps a short
allow-list of tags and attributes (nh3), so no script, style, frame, event
handler or script URL can reach a visitor.
"""

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

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
    """The text parsed and sanitised, as a plain string."""
    return sanitise_html(markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"]))


def render_markdown(text):
    return mark_safe(markdown_to_html(text))  # noqa: S308 - sanitised by nh3
