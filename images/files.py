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


def connect():
    from images.models import Image, Rendition

    for model in (Image, Rendition):
        post_delete.connect(remove_file, sender=model, dispatch_uid=f"remove-{model.__name__}-file")
