"""A text field for Markdown, limited in size.

Every way text reaches the database checks the limit: admin forms (the form field and
the textarea's maxlength), spreadsheet imports and the content loader (both through the
model's `full_clean`). Far above the longest story on the site, it keeps a single
render cheap even for text built to be slow to parse.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

MARKDOWN_MAX_LENGTH = 20_000


class MarkdownField(models.TextField):
    # A validator of the model field, not only of the form field, so that full_clean
    # applies the limit to text that never passes through a form.
    default_validators = [MaxLengthValidator(MARKDOWN_MAX_LENGTH)]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MARKDOWN_MAX_LENGTH)
        super().__init__(*args, **kwargs)
