"""Spreadsheet import and export of events; the rules are those of the project import."""

from editorial.spreadsheet_import import (
    PUBLICATION_COLUMNS,
    DraftImportResource,
    lookup_field,
    publication_field,
)
from projects.models import Project
from projects.resources import countries_field, sources_field
from timeline.models import Event


class EventResource(DraftImportResource):
    countries = countries_field()
    related_projects = lookup_field("related_projects", Project, ["slug", "title"], many=True)
    sources = sources_field()
    publication_status = publication_field("publication_status")
    published_at = publication_field("published_at")

    required_columns = ["title", "kind", "date", "summary"]
    precision_dates = {"date": "date_precision"}

    class Meta:
        model = Event
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "kind",
            "date",
            "date_precision",
            "end_date",
            "place",
            "countries",
            "summary",
            "body",
            "related_projects",
            "sources",
            "sourcing_note",
            *PUBLICATION_COLUMNS,
        ]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
