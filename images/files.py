"""Removing an image's files from storage once the deletion is certain.

Files are deleted only after the transaction commits: a refused or failed deletion (an image
still in use, a database error) leaves every file where it was.
"""

from django.db import transaction
from django.db.models.signals import post_delete


def delete_after_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def remove_file(sender, instance, **kwargs):
    delete_after_commit(instance.file.storage, instance.file.name)


def remove_files_with_rows(*models):
    """Delete a row's file once the deletion of the row commits, whatever route deletes it."""
    for model in models:
        post_delete.connect(remove_file, sender=model, dispatch_uid=f"remove-{model.__name__}-file")
