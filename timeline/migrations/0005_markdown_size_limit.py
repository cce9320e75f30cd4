"""Markdown fields hold at most 20,000 characters.

The limit lives in Python (a validator and the form field's max_length): a TextField's
max_length changes no column, so the database is left as it is. Altering the columns
would make SQLite rebuild the tables under the search index's triggers.
"""

import core.markdown_field
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('timeline', '0004_slug_help'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='event',
                    name='body',
                    field=core.markdown_field.MarkdownField(blank=True, help_text='More detail, in Markdown.', max_length=20000),
                ),
            ],
            database_operations=[],
        ),
    ]
