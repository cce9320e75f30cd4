"""Measure one database in-process: `bench/run.py` starts this with DATABASE_URL set.

For each size it generates the demo data, then times whole `/projects/?q=...` responses for the
committed queries (page cache off), the project list, a detail page, the outcomes page and
every sitemap page, and counts the SQL queries of each public page. It prints one JSON object
as its last line.
"""

import argparse
import io
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmc_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from projects.models import Country, Project  # noqa: E402
from search.engine import search as search_projects  # noqa: E402
from timeline.models import Event  # noqa: E402


def read_queries(path):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def timed_get(client, url, params=None):
    start = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}")
    return elapsed


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def public_pages():
    project = Project.objects.published().order_by("pk").first()
    event = Event.objects.published().order_by("pk").first()
    country = Country.objects.order_by("pk").first()
    return [
        "/",
        "/projects/",
        "/projects/?q=water",
        "/projects/?q=water&country=cambodia&status=completed&sort=title",
        "/projects/?page=3",
        project.get_absolute_url(),
        "/timeline/",
        event.get_absolute_url(),
        "/countries/",
        country.get_absolute_url(),
        "/outcomes/",
        "/about/",
        "/search/?q=water",
        "/sitemap.xml",
    ]


def sitemap_pages(client):
    """Each page of the sitemap index, with how many addresses it lists and its time."""
    index = client.get("/sitemap.xml").content.decode()
    pages = []
    for address in re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", index):
        path, _, query = address.replace("&amp;", "&").partition("?")
        params = dict(part.split("=") for part in query.split("&")) if query else {}
        start = time.perf_counter()
        listed = client.get(path, params).content.decode().count("<loc>")
        pages.append((listed, (time.perf_counter() - start) * 1000))
    return pages


def measure_size(size, queries, repeats):
    started = time.perf_counter()
    call_command(
        "generate_demo_data",
        projects=size,
        events=max(20, size // 50),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    generated = time.perf_counter() - started
    client = Client()
    published = Project.objects.published().count()
    fractions = {}
    for query in queries:
        timed_get(client, "/projects/", {"q": query})  # warm the database's own caches
        fractions[query] = search_projects(Project.objects.published(), query).count() / published
    samples = [
        timed_get(client, "/projects/", {"q": query}) for _ in range(repeats) for query in queries
    ]
    detail = Project.objects.published().order_by("pk")[size // 2].get_absolute_url()
    list_ms = statistics.median(timed_get(client, "/projects/") for _ in range(10))
    detail_ms = statistics.median(timed_get(client, detail) for _ in range(10))
    outcomes_ms = statistics.median(timed_get(client, "/outcomes/") for _ in range(5))
    sitemap = sitemap_pages(client)
    counts = {}
    for url in public_pages():
        path, _, query = url.partition("?")
        params = dict(part.split("=") for part in query.split("&")) if query else {}
        with CaptureQueriesContext(connection) as captured:
            client.get(path, params)
        counts[url] = len(captured)
    return {
        "projects": published,
        "generate_s": round(generated, 1),
        "search_p50_ms": round(percentile(samples, 0.5), 1),
        "search_p95_ms": round(percentile(samples, 0.95), 1),
        "broad_queries": sum(1 for f in fractions.values() if f >= 0.05),
        "fractions": {q: round(f, 4) for q, f in fractions.items()},
        "list_ms": round(list_ms, 1),
        "detail_ms": round(detail_ms, 1),
        "outcomes_ms": round(outcomes_ms, 1),
        "sitemap_pages": len(sitemap),
        "sitemap_max_addresses": max(listed for listed, _ in sitemap),
        "sitemap_page_max_ms": round(max(ms for _, ms in sitemap), 1),
        "queries_per_page": counts,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", default=str(ROOT / "bench" / "queries.txt"))
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    settings.PAGE_CACHE_SECONDS = 0
    call_command("migrate", verbosity=0)
    queries = read_queries(options.queries)
    results = {"vendor": connection.vendor, "sizes": {}}
    for size in [int(s) for s in options.sizes.split(",")]:
        print(f"  {connection.vendor}: {size:,} projects...", file=sys.stderr, flush=True)
        results["sizes"][size] = measure_size(size, queries, options.repeats)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
