"""`make backup` keeps the pictures: their rows, renditions and gallery places in the data,
and the files themselves in the archive's media folder."""

import json
import tarfile

import pytest

from lmc_site.backup import DATA_NAME, MEDIA_PREFIX, write_backup
from projects.models import ProjectImage
from tests.factories import make_project
from tests.images.pictures import make_image

pytestmark = pytest.mark.django_db


def test_the_backup_holds_the_image_rows_and_their_files(media_root, tmp_path):
    image = make_image(size=(1000, 500))
    project = make_project(lead_image=image)
    ProjectImage.objects.create(project=project, image=make_image(), position=0)
    names = [image.file.name, *image.renditions.values_list("file", flat=True)]

    path = write_backup(tmp_path / "backups")

    with tarfile.open(path, "r:gz") as archive:
        records = json.loads(archive.extractfile(DATA_NAME).read())
        archived = set(archive.getnames())
    models = {record["model"] for record in records}
    assert {"images.image", "images.rendition", "projects.projectimage"} <= models
    stored = next(r for r in records if r["model"] == "images.image" and r["pk"] == image.pk)
    assert stored["fields"]["alt_text"] == image.alt_text
    assert {MEDIA_PREFIX + name for name in names} <= archived
