"""A project's results as its versions keep them (editorial/revisions.py): compared as one
line per result, naming its source, and put back as rows when a version is restored or a
proposed change approved."""

from django.core.exceptions import ValidationError

from projects.models import ProjectResult, Source


def current_results(project):
    return sorted(result_line(result) for result in project.results.all())


def version_results(version):
    lines = []
    for part in version.revision.version_set.get_for_model(ProjectResult):
        result = ProjectResult(**part.field_dict)
        if str(result.project_id) == version.object_id:
            lines.append(result_line(result))
    return sorted(lines)


def result_line(result):
    source = Source.objects.filter(pk=result.source_id).first()
    cited = f" (source: {source})" if source else ""
    return f"{result}{cited}"


def replace_results(version, project, *, keep_ids=False):
    """Give `project` the results that `version` kept; refused if one's source is gone.

    `keep_ids` keeps a result's stored id where no other row has it, and its last-saved time.
    """
    project.results.all().delete()
    for part in version.revision.version_set.get_for_model(ProjectResult):
        fields = dict(part.field_dict)
        if str(fields.get("project_id")) != version.object_id:
            continue
        if not Source.objects.filter(pk=fields["source_id"]).exists():
            raise ValidationError(
                f"The source of the result “{fields['label']}” has been deleted since."
            )
        part_id = fields.pop("id", None)
        if keep_ids and not ProjectResult.objects.filter(pk=part_id).exists():
            fields["id"] = part_id
        fields.update(project_id=project.pk)
        result = ProjectResult.objects.create(**fields)
        if keep_ids and fields.get("updated_at"):
            # Saving stamps the time of now; the form's stale-save check needs the stored one.
            ProjectResult.objects.filter(pk=result.pk).update(updated_at=fields["updated_at"])
