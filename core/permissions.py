"""Who may publish, and who may see drafts and scheduled items at their public addresses.

The right to publish is the permission `core.publish_content`; the editorial roles give it
to Publishers. Every route that may show an item the public cannot see asks
`can_preview_drafts()`. A user sees the drafts of a kind of item only if they may change
that kind, and, when their role must give a second factor, only once they have given it
this session: the password alone shows no more on the public pages than it opens in the
admin.
"""

from django.conf import settings

PUBLISH_PERMISSION = "core.publish_content"


def can_publish(user):
    """Whether `user` may publish, unpublish or schedule: a Publisher or a superuser."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.has_perm(PUBLISH_PERMISSION)


def needs_second_factor(user):
    """Whether `user` must give a one-time code before the admin opens: anyone who may publish."""
    return (
        settings.ADMIN_REQUIRE_2FA and user.is_authenticated and user.is_staff and can_publish(user)
    )


def can_preview_drafts(user, model):
    """Whether the request's `user` may see unpublished items of `model`.

    `user` is `request.user`, on which django-otp's middleware sets `is_verified()`.
    """
    options = model._meta
    if not user.has_perm(f"{options.app_label}.change_{options.model_name}"):
        return False
    return not needs_second_factor(user) or user.is_verified()
