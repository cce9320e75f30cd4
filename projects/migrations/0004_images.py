import django.db.models.deletion
from django.db import migrations, models

from lmc_site.search_index import around_table_rebuild


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("projects", "0003_search_index"),
    ]

    # Undoing the new foreign key rebuilds the table on SQLite: the search triggers step aside.
    operations = around_table_rebuild(
        [
            migrations.AddField(
                model_name="project",
                name="lead_image",
                field=models.ForeignKey(
                    blank=True,
                    help_text="Optional: the picture at the top of the page and in lists. Type to search.",
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="lead_of_projects",
                    to="images.image",
                ),
            ),
            migrations.CreateModel(
                name="ProjectImage",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "position",
                        models.PositiveSmallIntegerField(
                            default=0, help_text="Order in the gallery: lower numbers first."
                        ),
                    ),
                    (
                        "image",
                        models.ForeignKey(
                            help_text="Type to search by alt text or caption.",
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="%(class)s_uses",
                            to="images.image",
                        ),
                    ),
                    (
                        "project",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="gallery",
                            to="projects.project",
                        ),
                    ),
                ],
                options={
                    "verbose_name": "gallery image",
                    "ordering": ["position", "pk"],
                    "abstract": False,
                },
            ),
        ]
    )
