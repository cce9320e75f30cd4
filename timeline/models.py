from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.dates import DatePrecision, format_date_range, normalise_to_precision
from core.markdown import render_markdown
from core.markdown_field import MarkdownField
from core.models import SlugHistoryModel
from core.publishing import PublishableModel, TimestampedModel
from images.models import GalleryItem
from projects.models import Country, Project, Source


class Event(SlugHistoryModel, PublishableModel):
    """A dated moment in the cooperation's history: a meeting, a declaration, a launch."""

    class Kind(models.TextChoices):
        LEADERS_MEETING = "leaders", "Leaders' meeting"
        FOREIGN_MINISTERS_MEETING = "ministers", "Foreign ministers' meeting"
        OFFICIALS_MEETING = "officials", "Senior officials' or working-group meeting"
        DECLARATION = "declaration", "Declaration or plan"
        PROJECT_MILESTONE = "milestone", "Project milestone"
        LAUNCH = "launch", "Launch of an initiative or institution"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The address: /timeline/&lt;slug&gt;/. Renaming keeps the old address working.",
    )
    date = models.DateField(
        db_index=True,
        help_text="For a year or a month, any day in it: it is stored as the first day.",
    )
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text="How much is known: shown as '2014', 'November 2015' or '23 March 2016'.",
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="Last day of an event lasting several days."
    )
    kind = models.CharField(max_length=12, choices=Kind, db_index=True)
    place = models.CharField(max_length=200, blank=True, help_text="E.g. 'Sanya, Hainan, China'.")
    countries = models.ManyToManyField(Country, blank=True, related_name="events")
    summary = models.TextField(max_length=600, help_text="One or two plain sentences.")
    body = MarkdownField(blank=True, help_text="More detail, in Markdown.")
    related_projects = models.ManyToManyField(Project, blank=True, related_name="events")
    sourcing_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Caveats a reader should know, e.g. 'Day from a single secondary source.'",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_of_events",
        help_text="Optional: the picture at the top of the page. Type to search.",
    )

    class Meta:
        ordering = ["date", "end_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.date_display}: {self.title}"

    def get_absolute_url(self):
        return reverse("timeline:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError({"end_date": "The end cannot come before the start."})
        if self.end_date and self.date_precision != DatePrecision.DAY:
            raise ValidationError({"end_date": "An end date needs a start date known to the day."})

    def save(self, *args, **kwargs):
        self.date = normalise_to_precision(self.date, self.date_precision)
        super().save(*args, **kwargs)

    @property
    def date_display(self):
        return format_date_range(self.date, self.end_date, self.date_precision)

    @property
    def body_html(self):
        return render_markdown(self.body)


class EventImage(GalleryItem):
    """A picture in an event's gallery."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="gallery")

    class Meta(GalleryItem.Meta):
        verbose_name = "gallery image"


class PlanPeriod(TimestampedModel):
    """A named era of the cooperation, e.g. the Five-Year Plan of Action 2018-2022."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    start_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    summary = models.TextField(blank=True, help_text="One or two plain sentences.")
    sources = models.ManyToManyField(Source, blank=True, related_name="plan_periods")

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_ends_after_start"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The end cannot come before the start."})

    def covers(self, year):
        return self.start_year <= year <= self.end_year
