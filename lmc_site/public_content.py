"""The one list of what public pages read, and the signals that say when it changed.

A change to any of these models (a save, a delete, or a change to one of their many-to-many
links) can alter a public page, so it retires every cached page. A new model that a public
page reads is added to `PUBLIC_MODELS`; nothing else needs to know about it.
`SCHEDULED_MODELS` are those that become public by themselves at their `published_at`.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

PUBLIC_MODELS = (
    "projects.Project",
    "projects.ProjectResult",
    "projects.ProjectImage",
    "projects.KeyFigure",
    "projects.Country",
    "projects.CooperationArea",
    "projects.FundingSource",
    "projects.Source",
    # Old addresses of renamed items answer with a redirect to the new one.
    "core.OldSlug",
    "timeline.Event",
    "timeline.EventImage",
    "timeline.PlanPeriod",
    "images.Image",
    "images.Rendition",
)

SCHEDULED_MODELS = ("projects.Project", "timeline.Event", "projects.KeyFigure")


def public_models():
    """The model classes whose rows public pages show."""
    return [apps.get_model(label) for label in PUBLIC_MODELS]


def scheduled_models():
    return [apps.get_model(label) for label in SCHEDULED_MODELS]


def link_models():
    """The tables behind the many-to-many fields of the public models."""
    links = set()
    for model in public_models():
        for field in model._meta.many_to_many:
            links.add(field.remote_field.through)
    return links


def connect(receiver):
    """Connect `receiver(sender, **kwargs)` to every change of what public pages read."""
    for model in public_models():
        uid = f"public-content-{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    for link in link_models():
        uid = f"public-content-{link._meta.label}"
        m2m_changed.connect(receiver, sender=link, weak=False, dispatch_uid=f"{uid}-links")
