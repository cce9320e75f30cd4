"""The shared cache of anonymous public pages, and a Redis cache that never takes the site down.

`PublicPageCacheMiddleware` serves anonymous GET requests from Django's cache framework:
- a request carrying a session cookie (an editor) bypasses the cache entirely and its response
  says `Cache-Control: private, no-store`, so drafts and previews never enter the shared cache;
  the split is made from the cookie, before any view or template reads the user;
- an anonymous 200 response that sets no cookie is stored; it carries an ETag, Last-Modified and
  `Cache-Control: public, max-age=...`, and no `Vary: Cookie` (no cookie changes it);
- a conditional request matching the ETag or Last-Modified gets 304 Not Modified;
- any change to projects or timeline content starts a new generation of keys, and so does the
  moment the next scheduled item comes due: no stored page outlives it.
`PAGE_CACHE_SECONDS` (0 turns the page cache off) sets how long a page is kept and its max-age.

`SafeRedisCache` is Django's Redis backend, except that an unreachable server reads as an empty
cache and writes are skipped: the pages are then served uncached instead of failing.
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STATE_KEY = "lmc-page-cache-state"
CONTENT_APPS = {"projects", "timeline", "images"}
# Pages for people who are signed in, or that change with every request, are never stored.
NEVER_CACHED_PREFIXES = ("/admin/", "/editorial/", "/health", "/static/")


def _forgiving(name, default=None):
    """The RedisCache method `name`, answering `default` while the server is unreachable."""

    def method(self, *args, **kwargs):
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache server unreachable, serving uncached: %s", error)
            return default() if callable(default) else default

    method.__name__ = name
    return method


class SafeRedisCache(RedisCache):
    """Django's Redis cache backend, but a Redis outage makes it a cache that holds nothing."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            logger.warning("Cache server unreachable, serving uncached: %s", error)
            return default

    set = _forgiving("set")
    add = _forgiving("add", False)
    touch = _forgiving("touch", False)
    delete = _forgiving("delete", False)
    get_many = _forgiving("get_many", dict)
    set_many = _forgiving("set_many", list)
    delete_many = _forgiving("delete_many")
    has_key = _forgiving("has_key", False)
    incr = _forgiving("incr", 0)
    clear = _forgiving("clear", False)


def next_scheduled_time():
    """When the next scheduled (published, future) item comes due, or None: one query."""
    from lmc_site.publishing import PublicationStatus
    from projects.models import KeyFigure, Project
    from timeline.models import Event

    now = timezone.now()
    parts = [
        model.objects.filter(
            publication_status=PublicationStatus.PUBLISHED, published_at__gt=now
        ).values_list("published_at", flat=True)
        for model in (Project, Event, KeyFigure)
    ]
    first, *others = [part.order_by() for part in parts]
    return first.union(*others, all=True).order_by("published_at").first()


def current_state():
    """The generation of page keys in use and when it ends: a new one after a change."""
    state = cache.get(STATE_KEY)
    now = time.time()
    if state is None or (state["until"] is not None and now >= state["until"]):
        state = {"generation": uuid.uuid4().hex, "until": None, "due_known": False}
        cache.set(STATE_KEY, state, None)
    return state


def remember_next_due(state):
    """Store when the generation must end because a scheduled item comes due."""
    if state["due_known"]:
        return state
    due = next_scheduled_time()
    state = {**state, "until": due.timestamp() if due else None, "due_known": True}
    cache.set(STATE_KEY, state, None)
    return state


def invalidate_pages():
    """Forget every stored page: later requests use a new generation of keys."""
    cache.delete(STATE_KEY)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        invalidate_pages()


def _page_key(request, generation):
    address = request.build_absolute_uri().encode()
    return f"lmc-page:{generation}:{hashlib.sha256(address).hexdigest()}"


def _storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def _without_cookie_vary(response):
    varies = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in varies if v.lower() != "cookie"]
    if not kept:
        response.headers.pop("Vary", None)
    elif kept != varies:
        response.headers["Vary"] = ", ".join(kept)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(NEVER_CACHED_PREFIXES)
        ):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            response.headers["Cache-Control"] = "private, no-store"
            return response

        state = current_state()
        key = _page_key(request, state["generation"])
        stored = cache.get(key) if request.method == "GET" else None
        if stored is None:
            response = self.get_response(request)
            _without_cookie_vary(response)
            if not _storable(response):
                return response
            stored = self._store(request, response, key, state, seconds)
            if stored is None:
                return response
        return self._respond(request, stored)

    def _store(self, request, response, key, state, seconds):
        try:
            state = remember_next_due(state)
        except DatabaseError:
            return None
        lifetime = seconds
        if state["until"] is not None:
            lifetime = max(1, min(seconds, int(state["until"] - time.time())))
        content = response.content
        headers = dict(response.items())
        headers["ETag"] = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        headers["Last-Modified"] = http_date()
        stored = {
            "status": response.status_code,
            "headers": headers,
            "content": content,
            "max_age": lifetime,
        }
        if request.method == "GET":
            cache.set(key, stored, lifetime)
        return stored

    def _respond(self, request, stored):
        headers = stored["headers"]
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in headers.items():
            response.headers[name] = value
        patch_cache_control(response, public=True, max_age=stored["max_age"])
        return get_conditional_response(
            request,
            etag=headers["ETag"],
            last_modified=parse_http_date_safe(headers["Last-Modified"]),
            response=response,
        )
