"""The shared cache of anonymous public pages, and the cache backends it runs on.

`PublicPageCacheMiddleware` serves anonymous GET and HEAD requests from Django's cache
framework (docs/caching.md states the whole contract):
- a request carrying a session cookie (an editor) bypasses the cache entirely and its response
  says `Cache-Control: private, no-store`, so drafts and previews never enter the shared cache;
  the split is made from the cookie, before any view or template reads the user;
- an anonymous 200 response that sets no cookie is stored uncompressed (compression happens
  above, per client); it carries an ETag, Last-Modified, `Cache-Control: public, max-age=...`
  and `Vary: Accept-Encoding`, the only Vary a public page has;
- a conditional request matching the ETag or Last-Modified gets 304 Not Modified;
- the paths the URL configuration marks private (`PRIVATE_ROUTES`) are never looked at.

Invalidation. Page keys carry a generation, read once at the start of the request. A change to
what public pages read (lmc_site/public_content.py) writes a new generation once its transaction
commits; only that side writes it, so a render that began before the change can only store its
page under the old generation, which nobody reads any more. Keys also carry the moment the next
scheduled item comes due, remembered per generation: once it passes, the next request works out
the following one and every key changes. That moment depends only on the database, which is the
same for the whole life of a generation, so any process may write it.

`PAGE_CACHE_SECONDS` (0 turns the page cache off) sets how long a page is kept and its max-age.
Pages live in the "pages" cache, the generation in "default", so a burst of new pages can never
push out the generation.

`PruningFileCache` is Django's file cache, shared by every process of one host, that makes room
by dropping expired pages first and then those read least recently. `SafeRedisCache` is Django's
Redis backend, except that an unreachable server reads as an empty cache and writes are skipped:
the pages are then served uncached instead of failing.
"""

import contextlib
import functools
import hashlib
import logging
import math
import os
import time
import uuid
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "lmc-page-generation"
PAGES = "pages"
# The only request header a public page varies on: GZipMiddleware compresses per client.
PUBLIC_VARY = "Accept-Encoding"
NO_SCHEDULED_ITEM = "none"


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


class PruningFileCache(FileBasedCache):
    """Django's file cache, shared by the processes of one host, that prunes the right pages.

    Django's file cache makes room by deleting a random third of its entries, which can be the
    home page. This one first drops expired entries, then those read least recently (a read
    touches the file), down to MAX_ENTRIES less a CULL_FREQUENCY-th so that culling is rare.
    """

    _missing = object()

    def get(self, key, default=None, version=None):
        value = super().get(key, self._missing, version)
        if value is self._missing:
            return default
        with contextlib.suppress(FileNotFoundError):
            os.utime(self._key_to_file(key, version))
        return value

    def _cull(self):
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        kept = []
        for name in files:
            try:
                with open(name, "rb") as entry:
                    if self._is_expired(entry):
                        continue
                kept.append((os.path.getmtime(name), name))
            except FileNotFoundError:
                continue
        target = self._max_entries - self._max_entries // max(self._cull_frequency, 1)
        kept.sort()
        for _, name in kept[: max(0, len(kept) - target)]:
            self._delete(name)


def next_scheduled_time():
    """When the next scheduled (published, future) item comes due, or None: one query."""
    # Imported here: the cache backends above are loaded with the settings, before the models.
    from lmc_site.public_content import scheduled_models

    parts = [
        model.objects.scheduled().values_list("published_at", flat=True).order_by()
        for model in scheduled_models()
    ]
    first, *others = parts
    return first.union(*others, all=True).order_by("published_at").first()


def current_generation():
    """The generation of page keys in use; only a change to public content replaces it."""
    store = caches["default"]
    generation = store.get(GENERATION_KEY)
    if generation is None:
        # First use, or a cleared cache: `add` never replaces a generation another process set.
        store.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = store.get(GENERATION_KEY)
    return generation


def retire_pages():
    """Forget every stored page: from now on requests use a new generation of keys."""
    caches["default"].set(GENERATION_KEY, uuid.uuid4().hex, None)


def retire_pages_after_commit(sender=None, **kwargs):
    """Retire the pages once the change is committed; a rolled-back change retires nothing."""
    transaction.on_commit(retire_pages)


def next_due(generation, now):
    """When, as a timestamp, the next scheduled item comes due in `generation`; None if none.

    Remembered per generation and worked out again once it has passed.
    """
    store = caches["default"]
    key = f"lmc-page-due:{generation}"
    due = store.get(key)
    if due is None or (due != NO_SCHEDULED_ITEM and now >= due):
        found = next_scheduled_time()
        due = found.timestamp() if found else NO_SCHEDULED_ITEM
        # Old generations' entries go by themselves; a lost one is simply worked out again.
        store.set(key, due, 24 * 60 * 60)
    return None if due == NO_SCHEDULED_ITEM else due


def page_key(request, generation, due):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"lmc-page:{generation}:{due}:{address}"


@functools.cache
def _private_prefixes(urlconf_name):
    routes = getattr(import_module(urlconf_name), "PRIVATE_ROUTES", [])
    return tuple("/" + str(route.pattern).split("<", 1)[0] for route in routes)


def never_cached_prefixes():
    """The paths the URL configuration marks private (the admin, previews, probes) and files."""
    return (
        *_private_prefixes(settings.ROOT_URLCONF),
        settings.STATIC_URL,
        settings.MEDIA_URL,
    )


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


def _max_age(seconds, due, now):
    if due is None:
        return seconds
    return max(1, min(seconds, math.ceil(due - now)))


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(never_cached_prefixes())
        ):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            response.headers["Cache-Control"] = "private, no-store"
            return response

        # Read before the view reads the database: a change committed after this point
        # writes a new generation, so this render can never be stored as current.
        now = time.time()
        generation = current_generation()
        try:
            due = next_due(generation, now)
        except DatabaseError:
            return self.get_response(request)
        key = page_key(request, generation, due)
        stored = caches[PAGES].get(key)
        if stored is None:
            response = self.get_response(request)
            _without_cookie_vary(response)
            if not _storable(response):
                return response
            stored = self._stored(response)
            # A HEAD request reads the GET entry but never writes one.
            if request.method == "GET":
                caches[PAGES].set(key, stored, _max_age(seconds, due, now))
        return self._respond(request, stored, _max_age(seconds, due, time.time()))

    def _stored(self, response):
        content = response.content
        headers = {name: value for name, value in response.items() if name.lower() != "vary"}
        headers["ETag"] = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        headers["Last-Modified"] = http_date()
        return {"status": response.status_code, "headers": headers, "content": content}

    def _respond(self, request, stored, max_age):
        headers = stored["headers"]
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in headers.items():
            response.headers[name] = value
        response.headers["Vary"] = PUBLIC_VARY
        patch_cache_control(response, public=True, max_age=max_age)
        # A 304 keeps the Vary, ETag and Cache-Control of the page it stands for.
        return get_conditional_response(
            request,
            etag=headers["ETag"],
            last_modified=parse_http_date_safe(headers["Last-Modified"]),
            response=response,
        )
