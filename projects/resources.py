"""Spreadsheet import and export of projects; the import rules are those of
editorial/spreadsheet_import.py."""

from editorial.spreadsheet_import import (
    PUBLICATION_COLUMNS,
    DraftImportResource,
    lookup_field,
    publication_field,
)
from projects.models import CooperationArea, Country, FundingSource, Project, Source


def sources_field():
    return lookup_field("sources", Source, ["url", "title"], many=True)


def countries_field():
    return lookup_field("countries", Country, ["slug", "name"], many=True)


class ProjectResource(DraftImportResource):
    countries = countries_field()
    areas = lookup_field("areas", CooperationArea, ["slug", "name"], many=True)
    funding_source = lookup_field("funding_source", FundingSource, ["slug", "name"])
    sources = sources_field()
    publication_status = publication_field("publication_status")
    published_at = publication_field("published_at")

    required_columns = ["title", "summary"]
    precision_dates = {"start_date": "start_precision", "end_date": "end_precision"}

    class Meta:
        model = Project
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "status",
            "status_as_of",
            "countries",
            "areas",
            "place_name",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "funding_source",
            "funding_amount",
            "funding_currency",
            "latitude",
            "longitude",
            "sources",
            "sourcing_note",
            "featured",
            *PUBLICATION_COLUMNS,
        ]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
