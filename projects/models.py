from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.dates import DatePrecision, format_date_range, normalise_to_precision
from core.integrity import validate_source_url
from core.markdown import render_markdown
from core.markdown_field import MarkdownField
from core.models import SlugHistoryModel
from core.publishing import PublishableModel, TimestampedModel
from images.models import GalleryItem


class Source(TimestampedModel):
    """A document the site's facts come from: an article, a declaration, a web page."""

    title = models.CharField(max_length=500, help_text="The document's own title, as printed.")
    publisher = models.CharField(
        max_length=200, help_text="Who published it, e.g. 'Xinhua via People's Daily'."
    )
    date = models.DateField(
        null=True, blank=True, help_text="Its publication date, if it gives one."
    )
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How much of the date is known.",
    )
    url = models.URLField(
        "address",
        max_length=500,
        validators=[validate_source_url],
        help_text="Where a reader can find it: an http:// or https:// address.",
    )
    is_copy = models.BooleanField(
        "address is a copy",
        default=False,
        help_text=(
            "Tick when the address is a copy or repost of the document: the title, publisher "
            "and date then describe the original, and the address is shown as a copy."
        ),
    )
    quote = models.TextField(
        blank=True, help_text="Optional: the words quoted from it, exactly as printed."
    )

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    def save(self, *args, **kwargs):
        self.date = normalise_to_precision(self.date, self.date_precision)
        super().save(*args, **kwargs)

    @property
    def date_display(self):
        return format_date_range(self.date, None, self.date_precision)

    @property
    def host(self):
        """The address's site, e.g. 'www.en84.com': how a copy is named."""
        return urlsplit(self.url).hostname or self.url


class CountryQuerySet(models.QuerySet):
    def published(self):
        """Countries are reference data: all six are always public."""
        return self.all()


class Country(SlugHistoryModel, TimestampedModel):
    """One of the six members of the cooperation."""

    is_public = True
    is_scheduled = False

    name = models.CharField(max_length=100, unique=True, help_text="Short name, e.g. 'Viet Nam'.")
    official_name = models.CharField(
        max_length=200, help_text="As printed in the LMC declarations."
    )
    iso_code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        help_text="ISO 3166-1 alpha-2 code, capital letters, e.g. 'KH'.",
    )
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The address: /countries/&lt;slug&gt;/."
    )
    profile = MarkdownField(blank=True, help_text="A short profile in Markdown.")
    sources = models.ManyToManyField(
        Source, blank=True, related_name="countries", help_text="Sources for the profile."
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def clean(self):
        self.iso_code = (self.iso_code or "").upper()
        if len(self.iso_code) != 2 or not self.iso_code.isalpha():
            raise ValidationError({"iso_code": "Use the two-letter ISO 3166-1 code, e.g. 'KH'."})

    def get_absolute_url(self):
        return reverse("countries:detail", kwargs={"slug": self.slug})

    @property
    def profile_html(self):
        return render_markdown(self.profile)


class CooperationArea(TimestampedModel):
    """A pillar, a priority area or a further ("X") area of the cooperation framework."""

    class Kind(models.TextChoices):
        PILLAR = "pillar", "Pillar"
        PRIORITY = "priority", "Priority area"
        FURTHER = "further", "Further area (3+5+X)"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, help_text="Its place in the framework.")
    pillar = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas",
        limit_choices_to={"kind": "pillar"},
        help_text="The pillar this area falls under. Leave empty for a pillar itself.",
    )
    description = MarkdownField(blank=True, help_text="What the area covers, in Markdown.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within its kind: the framework's own numbering."
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="areas", help_text="Sources for the area and its place."
    )

    class Meta:
        ordering = ["kind", "position", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.PILLAR and self.pillar_id:
            raise ValidationError({"pillar": "A pillar does not fall under another pillar."})
        if self.kind != self.Kind.PILLAR and not self.pillar_id:
            raise ValidationError({"pillar": "Choose the pillar this area falls under."})

    def get_absolute_url(self):
        return f"{reverse('projects:index')}?area={self.slug}"


class FundingSource(TimestampedModel):
    """Who pays for projects, e.g. the LMC Special Fund."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = MarkdownField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Project(SlugHistoryModel, PublishableModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        COMPLETED = "completed", "Completed or in operation"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The address: /projects/&lt;slug&gt;/. Renaming keeps the old address working.",
    )
    summary = models.TextField(max_length=600, help_text="One or two plain sentences.")
    body = MarkdownField(blank=True, help_text="The full story, in Markdown.")
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.UNDER_WAY,
        db_index=True,
        help_text="Where the project stands, as of the date below.",
    )
    status_as_of = models.DateField(
        null=True, blank=True, help_text="The date of the source that gives the status."
    )
    countries = models.ManyToManyField(Country, related_name="projects")
    areas = models.ManyToManyField(
        CooperationArea, related_name="projects", verbose_name="cooperation areas"
    )
    funding_source = models.ForeignKey(
        FundingSource,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text="Leave empty when the sources do not say.",
    )
    funding_amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_currency = models.CharField(
        max_length=3, blank=True, help_text="ISO 4217 code, e.g. USD, CNY, THB."
    )
    start_date = models.DateField(null=True, blank=True, db_index=True)
    start_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.YEAR
    )
    end_date = models.DateField(null=True, blank=True, db_index=True)
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.YEAR
    )
    place_name = models.CharField(
        max_length=200, blank=True, help_text="E.g. 'Kunming to Vientiane'."
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    sourcing_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Caveats a reader should know, e.g. 'From a single secondary source.'",
    )
    featured = models.BooleanField(default=False, help_text="Shown on the home page.")
    lead_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_of_projects",
        help_text="Optional: the picture at the top of the page and in lists. Type to search.",
    )

    class Meta:
        ordering = ["-published_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | ~Q(funding_currency=""),
                name="project_amount_has_currency",
            ),
        ]
        # The order of the results on the outcomes and country pages, so that a group's
        # first results are read without sorting all of them.
        indexes = [
            models.Index(
                fields=["publication_status", "-published_at", "id"], name="project_published_order"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end cannot come before the start."
        if self.funding_amount is not None and not self.funding_currency:
            errors["funding_currency"] = "Give the currency of the amount."
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Give both latitude and longitude, or neither."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.start_date = normalise_to_precision(self.start_date, self.start_precision)
        self.end_date = normalise_to_precision(self.end_date, self.end_precision)
        self.funding_currency = self.funding_currency.upper()
        super().save(*args, **kwargs)

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def start_display(self):
        return format_date_range(self.start_date, None, self.start_precision)

    @property
    def end_display(self):
        return format_date_range(self.end_date, None, self.end_precision)


class ProjectResult(TimestampedModel):
    """A key result of a project, e.g. 'Railway length | 1,035 | km', with its source."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(max_length=200, help_text="What was measured, e.g. 'Railway length'.")
    value = models.CharField(
        max_length=100, help_text="As the source gives it, e.g. '1,035' or 'over 700'."
    )
    unit = models.CharField(max_length=50, blank=True, help_text="E.g. 'km', 'people'.")
    as_of = models.CharField(
        max_length=50, blank=True, help_text="When the figure held, e.g. 'December 2024'."
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="results",
        help_text="The source that gives this figure.",
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_results",
        help_text=(
            "Only when the result concerns one of the project's countries: it is then listed "
            "under that country alone. Leave empty for a result about the whole project."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        # A project's results in page order, read after its row in `project_published_order`;
        # with the country, so that picking a country's results reads this index alone.
        indexes = [
            models.Index(fields=["project", "position", "id", "country"], name="result_page_order")
        ]

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}".strip()

    def check_country(self, project_countries):
        """Refuse a country the project does not name; `project_countries` are Country rows."""
        if self.country_id is not None and self.country_id not in {c.pk for c in project_countries}:
            raise ValidationError({"country": "Choose one of the project's countries."})


class ProjectImage(GalleryItem):
    """A picture in a project's gallery."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gallery")

    class Meta(GalleryItem.Meta):
        verbose_name = "gallery image"


class KeyFigure(PublishableModel):
    """A headline outcome of the cooperation, e.g. 'over 700 cooperative projects'."""

    value = models.CharField(max_length=100, help_text="As the source gives it, e.g. 'over 700'.")
    label = models.CharField(
        max_length=200, help_text="What it counts, e.g. 'cooperative projects'."
    )
    context = models.TextField(
        blank=True,
        help_text="One sentence of context, e.g. who claims it and when: 'according to ...'.",
    )
    area = models.ForeignKey(
        CooperationArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_figures",
        help_text="Optional: the cooperation area it belongs to.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the pages.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.value} {self.label}"


class ContentFingerprint(models.Model):
    """What `load_lmc_content` last wrote for one item, so a rerun spares an editor's changes."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    natural_key = models.CharField(
        max_length=500, help_text="The item's key in the data file: a slug, or a source's address."
    )
    object_id = models.PositiveBigIntegerField(help_text="The row the loader made for the item.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the item's data-file entry.")
    loaded_updated_at = models.DateTimeField(
        help_text="The row's updated_at when the loader last wrote it: a later one is an editor's."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "natural_key"], name="unique_content_fingerprint"
            )
        ]

    def __str__(self):
        return f"{self.content_type.app_label}.{self.content_type.model} {self.natural_key}"
