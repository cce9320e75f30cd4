"""Markdown fields hold at most 20,000 characters.

The limit lives in Python (a validator and the form field's max_length): a TextField's
max_length changes no column, so the database is left as it is. Altering the columns
would make SQLite rebuild the tables under the search index's triggers.
"""

import core.markdown_field
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0005_source_address_and_slug_help'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='cooperationarea',
                    name='description',
                    field=core.markdown_field.MarkdownField(blank=True, help_text='What the area covers, in Markdown.', max_length=20000),
                ),
                migrations.AlterField(
                    model_name='country',
                    name='profile',
                    field=core.markdown_field.MarkdownField(blank=True, help_text='A short profile in Markdown.', max_length=20000),
                ),
                migrations.AlterField(
                    model_name='fundingsource',
                    name='description',
                    field=core.markdown_field.MarkdownField(blank=True, max_length=20000),
                ),
                migrations.AlterField(
                    model_name='project',
                    name='body',
                    field=core.markdown_field.MarkdownField(blank=True, help_text='The full story, in Markdown.', max_length=20000),
                ),
            ],
            database_operations=[],
        ),
    ]
