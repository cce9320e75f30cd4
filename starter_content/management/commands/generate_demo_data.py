"""Fill the database with generated projects and events, to try the site and measure it at scale.

Every generated item says it is demo data: its title starts with "Demo:", its slug with "demo-",
and it cites the one source named "Generated demo data, not real". The same --seed and sizes give
the same data. Rows are written in bulk and the search index is rebuilt once at the end.
"""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from core.publishing import PublicationStatus
from projects.models import CooperationArea, Country, FundingSource, Project, ProjectResult, Source
from search import upkeep as search_index
from timeline.models import Event

DEMO_SOURCE_TITLE = "Generated demo data, not real"
DEMO_SOURCE_URL = "https://demo.invalid/generated-data"
DEMO_PREFIX = "demo-"
BATCH = 2000

COUNTRIES = [
    ("Cambodia", "Kingdom of Cambodia", "KH", "cambodia"),
    ("China", "People's Republic of China", "CN", "china"),
    ("Laos", "Lao People's Democratic Republic", "LA", "laos"),
    ("Myanmar", "Republic of the Union of Myanmar", "MM", "myanmar"),
    ("Thailand", "Kingdom of Thailand", "TH", "thailand"),
    ("Viet Nam", "Socialist Republic of Viet Nam", "VN", "vietnam"),
]
PLACES = {
    "cambodia": ["Siem Reap", "Battambang", "Kampong Cham", "Kampot", "Stung Treng"],
    "china": ["Kunming", "Jinghong", "Nanning", "Mengla", "Xishuangbanna"],
    "laos": ["Vientiane", "Luang Prabang", "Pakse", "Savannakhet", "Oudomxay"],
    "myanmar": ["Mandalay", "Yangon", "Taunggyi", "Lashio", "Nay Pyi Taw"],
    "thailand": ["Chiang Mai", "Chiang Rai", "Nong Khai", "Ubon Ratchathani", "Khon Kaen"],
    "vietnam": ["Cần Thơ", "An Giang", "Đồng Tháp", "Hà Nội", "Lào Cai"],
}
THEMES = [
    ("solar irrigation", "farmers", "hectares irrigated", "ha"),
    ("rural road", "villages", "road built", "km"),
    ("clean water supply", "households", "people served", "people"),
    ("cataract surgery", "patients", "surgeries", "operations"),
    ("vocational training", "students", "trainees", "people"),
    ("rice seed improvement", "farmers", "seed distributed", "tonnes"),
    ("flood forecasting", "river communities", "stations installed", "stations"),
    ("border trade facilitation", "traders", "customs lanes", "lanes"),
    ("fisheries management", "fishing households", "fish released", "fingerlings"),
    ("public health", "clinics", "health workers trained", "people"),
    ("digital skills", "young people", "courses held", "courses"),
    ("poverty reduction", "villages", "households lifted", "households"),
    ("tourism promotion", "towns", "visitors", "people"),
    ("power grid connection", "districts", "line built", "km"),
    ("forest restoration", "communities", "trees planted", "trees"),
    ("dengue prevention", "schools", "nets distributed", "nets"),
]
KINDS = ["pilot", "programme", "project", "centre", "study", "partnership", "initiative"]
OPENINGS = [
    "A demonstration of {theme} for {people} in {place}",
    "Cooperation on {theme} bringing {people} in {place} new support",
    "{Theme} across the Mekong, starting in {place}",
    "Training and equipment for {theme} serving {people} near {place}",
]
BODY_SENTENCES = [
    "The work brings together ministries, local authorities and {people}.",
    "Experts from the member countries shared methods and equipment for {theme}.",
    "A joint working group meets every year to review progress in {place}.",
    "Local staff were trained so that the results last after the funding ends.",
    "The project is recorded here as generated demo data and is not real.",
    "Meetings with {people} shaped the plan before work began.",
    "Monitoring reports are published at the end of each phase.",
]
NATIVE = [
    "澜湄合作",
    "ความร่วมมือแม่โขง-ล้านช้าง",
    "ການຮ່ວມມືແມ່ຂອງ-ລ້ານຊ້າງ",
    "Hợp tác Mê Công - Lan Thương",
]
EVENT_KINDS = [kind for kind, _ in Event.Kind.choices]


class Command(BaseCommand):
    help = (
        "Generate clearly marked demo projects and events in bulk (seeded, so repeatable). "
        "--delete removes all demo content and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1000, help="How many projects.")
        parser.add_argument("--events", type=int, default=200, help="How many events.")
        parser.add_argument("--seed", type=int, default=2016, help="The random seed.")
        parser.add_argument("--delete", action="store_true", help="Remove the demo content.")
        parser.add_argument(
            "--force", action="store_true", help="Run even under production settings."
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["force"]:
            raise CommandError(
                "Refusing to generate demo data under production settings; add --force to do so."
            )
        if options["projects"] < 0 or options["events"] < 0:
            raise CommandError("Give zero or more projects and events.")
        with search_index.triggers_paused():
            deleted = delete_demo_content()
            if options["delete"]:
                self.stdout.write(f"Deleted {deleted} demo projects and events.")
                return
            generator = DemoData(options["seed"], self.progress)
            with transaction.atomic():
                generator.projects(options["projects"])
                generator.events(options["events"])
            self.stdout.write("Rebuilding the search index once...")
        # Fresh statistics let the query planner walk an index instead of sorting 100,000 rows.
        # PostgreSQL's VACUUM also moves the entries waiting in the search indexes' pending
        # lists into place, which every search would otherwise read through; it cannot run
        # inside a transaction, as when this command is called from one.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {options['projects']} demo projects and {options['events']} events."
            )
        )

    def progress(self, label, done, total):
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        self.stderr.write(f"\r{label:>14} [{bar}] {done:,}/{total:,}", ending=end)
        if hasattr(self.stderr, "flush"):
            self.stderr.flush()


def demo_source():
    source, _ = Source.objects.get_or_create(
        url=DEMO_SOURCE_URL,
        defaults={
            "title": DEMO_SOURCE_TITLE,
            "publisher": "This site's demo data generator",
            "date": None,
        },
    )
    return source


@transaction.atomic
def delete_demo_content():
    """Delete every demo project and event: slug "demo-…" and citing the demo source."""
    source = Source.objects.filter(url=DEMO_SOURCE_URL).first()
    if source is None:
        return 0
    projects = Project.objects.filter(slug__startswith=DEMO_PREFIX, sources=source)
    events = Event.objects.filter(slug__startswith=DEMO_PREFIX, sources=source)
    project_ids = list(projects.values_list("pk", flat=True))
    event_ids = list(events.values_list("pk", flat=True))
    # Plain deletes of the links first: Django's collector would load 100,000 objects.
    for ids, model, links in [
        (
            project_ids,
            Project,
            [Project.countries.through, Project.areas.through, Project.sources.through],
        ),
        (event_ids, Event, [Event.countries.through, Event.sources.through]),
    ]:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            link_name = model._meta.model_name
            for link in links:
                link.objects.filter(**{f"{link_name}_id__in": chunk}).delete()
            if model is Project:
                ProjectResult.objects.filter(project_id__in=chunk).delete()
                Event.related_projects.through.objects.filter(project_id__in=chunk).delete()
            else:
                Event.related_projects.through.objects.filter(event_id__in=chunk).delete()
            model.objects.filter(pk__in=chunk).delete()
    # The demo source, areas and fund go too, unless real content has come to use them.
    for queryset in [
        Source.objects.filter(pk=source.pk, projects=None, events=None, keyfigures=None),
        CooperationArea.objects.filter(slug__startswith=DEMO_PREFIX).exclude(kind="pillar"),
        CooperationArea.objects.filter(slug__startswith=DEMO_PREFIX),
        FundingSource.objects.filter(slug__startswith=DEMO_PREFIX),
    ]:
        try:
            with transaction.atomic():
                queryset.delete()
        except ProtectedError:
            pass
    return len(project_ids) + len(event_ids)


class DemoData:
    def __init__(self, seed, progress):
        self.random = random.Random(seed)
        self.progress = progress
        self.source = demo_source()
        self.countries = self.ensure_countries()
        self.areas = list(CooperationArea.objects.exclude(kind=CooperationArea.Kind.PILLAR))
        if not self.areas:
            self.areas = self.ensure_areas()
        self.funding = list(FundingSource.objects.all()) or [
            FundingSource.objects.get_or_create(
                slug=f"{DEMO_PREFIX}fund", defaults={"name": "Demo fund, not real"}
            )[0]
        ]
        self.now = timezone.now()

    def ensure_countries(self):
        countries = []
        for name, official, iso, slug in COUNTRIES:
            country = Country.objects.filter(iso_code=iso).first()
            if country is None:
                country = Country.objects.create(
                    name=name, official_name=official, iso_code=iso, slug=slug
                )
            countries.append(country)
        return countries

    def ensure_areas(self):
        pillar, _ = CooperationArea.objects.get_or_create(
            slug=f"{DEMO_PREFIX}pillar", defaults={"name": "Demo pillar", "kind": "pillar"}
        )
        return [
            CooperationArea.objects.get_or_create(
                slug=f"{DEMO_PREFIX}area-{i}",
                defaults={"name": f"Demo area {i}", "kind": "priority", "pillar": pillar},
            )[0]
            for i in range(1, 6)
        ]

    def text(self, country):
        pick = self.random.choice
        theme, people, label, unit = pick(THEMES)
        place = pick(PLACES[country.slug])
        values = {"theme": theme, "Theme": theme.capitalize(), "people": people, "place": place}
        return values, (label, unit)

    def projects(self, total):
        pick, randint = self.random.choice, self.random.randint
        statuses = [status for status, _ in Project.Status.choices]
        for start in range(0, total, BATCH):
            rows, links = [], []
            for number in range(start + 1, min(start + BATCH, total) + 1):
                countries = self.random.sample(self.countries, randint(1, 2))
                values, result = self.text(countries[0])
                kind = pick(KINDS)
                first_year = randint(2016, 2025)
                summary = pick(OPENINGS).format(**values) + "."
                if self.random.random() < 0.05:
                    summary += f" ({pick(NATIVE)})"
                body = " ".join(pick(BODY_SENTENCES).format(**values) for _ in range(randint(2, 5)))
                rows.append(
                    Project(
                        title=f"Demo: {values['Theme']} {kind} in {values['place']} #{number}",
                        slug=f"{DEMO_PREFIX}project-{number}",
                        summary=summary,
                        body=body,
                        status=pick(statuses),
                        start_date=datetime.date(first_year, 1, 1),
                        end_date=(
                            datetime.date(first_year + randint(0, 5), 1, 1)
                            if self.random.random() < 0.6
                            else None
                        ),
                        place_name=f"{values['place']}, {countries[0].name}",
                        funding_source=pick(self.funding),
                        sourcing_note="Generated demo data, not real.",
                        publication_status=PublicationStatus.PUBLISHED,
                        published_at=self.now - datetime.timedelta(minutes=randint(1, 5_000_000)),
                    )
                )
                links.append((countries, self.random.sample(self.areas, 1), result))
            created = Project.objects.bulk_create(rows)
            self.link_projects(created, links)
            self.progress("projects", start + len(rows), total)

    def link_projects(self, projects, links):
        country_links, area_links, source_links, results = [], [], [], []
        for project, (countries, areas, (label, unit)) in zip(projects, links, strict=True):
            country_links += [
                Project.countries.through(project_id=project.pk, country_id=country.pk)
                for country in countries
            ]
            area_links += [
                Project.areas.through(project_id=project.pk, cooperationarea_id=area.pk)
                for area in areas
            ]
            source_links.append(
                Project.sources.through(project_id=project.pk, source_id=self.source.pk)
            )
            results.append(
                ProjectResult(
                    project_id=project.pk,
                    label=label.capitalize(),
                    value=f"{self.random.randint(2, 900):,}",
                    unit=unit,
                    source=self.source,
                )
            )
        Project.countries.through.objects.bulk_create(country_links)
        Project.areas.through.objects.bulk_create(area_links)
        Project.sources.through.objects.bulk_create(source_links)
        ProjectResult.objects.bulk_create(results)

    def events(self, total):
        pick, randint = self.random.choice, self.random.randint
        for start in range(0, total, BATCH):
            rows, countries = [], []
            for number in range(start + 1, min(start + BATCH, total) + 1):
                country = pick(self.countries)
                values, _ = self.text(country)
                rows.append(
                    Event(
                        title=f"Demo: meeting on {values['theme']} in {values['place']} #{number}",
                        slug=f"{DEMO_PREFIX}event-{number}",
                        date=datetime.date(randint(2016, 2025), randint(1, 12), randint(1, 28)),
                        kind=pick(EVENT_KINDS),
                        place=f"{values['place']}, {country.name}",
                        summary=pick(OPENINGS).format(**values) + ".",
                        publication_status=PublicationStatus.PUBLISHED,
                        published_at=self.now - datetime.timedelta(minutes=randint(1, 5_000_000)),
                    )
                )
                countries.append(country)
            created = Event.objects.bulk_create(rows)
            Event.countries.through.objects.bulk_create(
                Event.countries.through(event_id=event.pk, country_id=country.pk)
                for event, country in zip(created, countries, strict=True)
            )
            Event.sources.through.objects.bulk_create(
                Event.sources.through(event_id=event.pk, source_id=self.source.pk)
                for event in created
            )
            self.progress("events", start + len(rows), total)
