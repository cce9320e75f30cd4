"""`make bench`: search and page speed at several sizes on SQLite and PostgreSQL, and the
throughput of `make serve`. Prints a table, then one line of JSON. See bench/README.md.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_SERVER = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE = "lmc_bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))


def sqlite_url():
    path = ROOT / "var" / "bench.sqlite3"
    # A write-ahead log left by a killed run must go with its database, or it would be replayed.
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url():
    import psycopg

    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"


def environment(database_url, **extra):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        **extra,
    }


def measure(database_url, sizes, repeats):
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "measure.py"), "--sizes", sizes, "--repeats", str(repeats)],
        env=environment(database_url),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The server did not answer {url} within {seconds} seconds.")


def wrk(path, seconds, script=None):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            rps = float(line.split()[1])
        if "Non-2xx or 3xx responses" in line:
            raise SystemExit(f"wrk got errors for {path}:\n{output}")
    return rps


def closest_static_file(size):
    files = [
        path
        for path in (ROOT / "staticfiles").rglob("*")
        if path.is_file() and path.suffix not in {".gz", ".br"}
    ]
    best = min(files, key=lambda path: abs(path.stat().st_size - size))
    return "/static/" + best.relative_to(ROOT / "staticfiles").as_posix(), best.stat().st_size


def throughput(database_url, seconds):
    """Requests per second of `make serve` for a cached page, an uncached search, a file."""
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    env = environment(
        database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_PAGE_CACHE_SECONDS="300",
    )
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{PORT}/projects/")
        static_path, static_size = closest_static_file(len(page))
        script = ROOT / "bench" / "unique_search.lua"
        # The first request renders the page and stores it for every worker.
        wrk("/projects/", 3)
        return {
            "cached_page_rps": wrk("/projects/", seconds),
            "uncached_search_rps": wrk("/projects/?q=water", seconds, script),
            "static_rps": wrk(static_path, seconds),
            "page_bytes": len(page),
            "static_file": static_path,
            "static_bytes": static_size,
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def label(size):
    return f"{size // 1000}k" if size >= 1000 else str(size)


def print_table(runs, serving):
    print()
    print(
        f"{'database':<11}{'projects':>10}{'generate s':>12}{'search p50':>12}{'search p95':>12}"
        f"{'broad q':>9}{'list ms':>9}{'detail ms':>11}{'outcomes ms':>13}{'max SQL':>9}"
    )
    for vendor, run in runs.items():
        for size, row in run["sizes"].items():
            print(
                f"{vendor:<11}{int(size):>10,}{row['generate_s']:>12}{row['search_p50_ms']:>12}"
                f"{row['search_p95_ms']:>12}{row['broad_queries']:>9}{row['list_ms']:>9}"
                f"{row['detail_ms']:>11}{row['outcomes_ms']:>13}"
                f"{max(row['queries_per_page'].values()):>9}"
            )
    first_run = next(iter(runs.values()))
    largest = max(first_run["sizes"], key=int)
    print(f"\nMatch fraction of each query at {int(largest):,} projects ({first_run['vendor']}):")
    for query, fraction in first_run["sizes"][largest]["fractions"].items():
        print(f"  {fraction:>7.2%}  {query}")
    print(f"\nSQL queries per public page at {int(largest):,} projects:")
    for url, count in first_run["sizes"][largest]["queries_per_page"].items():
        print(f"  {count:>3}  {url}")
    if serving:
        print(
            f"\nmake serve (gunicorn, 3 workers), wrk 2 threads 8 connections:\n"
            f"  cached /projects/ ({serving['page_bytes']:,} bytes): "
            f"{serving['cached_page_rps']:,.0f} requests/s\n"
            f"  uncached /projects/?q=water (a new address each time): "
            f"{serving['uncached_search_rps']:,.0f} requests/s\n"
            f"  static {serving['static_file']} ({serving['static_bytes']:,} bytes): "
            f"{serving['static_rps']:,.0f} requests/s"
        )


def summary(runs, serving):
    figures = {}
    for vendor, run in runs.items():
        name = "postgres" if vendor == "postgresql" else vendor
        sizes = sorted(run["sizes"], key=int)
        small, large = run["sizes"][sizes[0]], run["sizes"][sizes[-1]]
        figures[f"search_p95_ms_{name}_{label(int(sizes[-1]))}"] = large["search_p95_ms"]
        figures[f"outcomes_ms_{name}_{label(int(sizes[-1]))}"] = large["outcomes_ms"]
        figures[f"sitemap_max_addresses_per_page_{name}_{label(int(sizes[-1]))}"] = large[
            "sitemap_max_addresses"
        ]
        figures[f"search_p95_ratio_{label(int(sizes[-1]))}_over_{label(int(sizes[0]))}_{name}"] = (
            round(large["search_p95_ms"] / small["search_p95_ms"], 2)
        )
    if serving:
        static = serving["static_rps"]
        figures["cached_page_rps_over_static_rps"] = round(serving["cached_page_rps"] / static, 3)
        figures["uncached_search_rps_over_static_rps"] = round(
            serving["uncached_search_rps"] / static, 3
        )
    figures["max_queries_per_public_page"] = max(
        count
        for run in runs.values()
        for row in run["sizes"].values()
        for count in row["queries_per_page"].values()
    )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Small sizes, for trying it out.")
    parser.add_argument("--sizes", help="Comma-separated numbers of projects.")
    parser.add_argument("--databases", default="sqlite,postgres")
    options = parser.parse_args()
    sizes = options.sizes or ("200,1000" if options.quick else "1000,10000,100000")
    repeats, seconds = (1, 3) if options.quick else (3, 10)
    runs = {}
    for database in options.databases.split(","):
        print(f"Measuring {database} at {sizes} projects...", file=sys.stderr, flush=True)
        url = sqlite_url() if database == "sqlite" else postgres_url()
        runs[database] = measure(url, sizes, repeats)
        if database == "sqlite":
            print("Measuring make serve throughput...", file=sys.stderr, flush=True)
            serving = throughput(url, seconds)
    print_table(runs, serving if "sqlite" in runs else None)
    print(json.dumps(summary(runs, serving if "sqlite" in runs else None)))


if __name__ == "__main__":
    main()
