"""Who may see drafts and scheduled items at their public addresses.

Every route that may show an item the public cannot see asks `can_preview_drafts()`. A user
sees the drafts of a kind of item only if they may change that kind, and, when their role
must give a second factor, only once they have given it this session: the password alone
shows no more on the public pages than it opens in the admin.
"""

from lmc_site.two_factor import needs_second_factor


def can_preview_drafts(user, model):
    """Whether the request's `user` may see unpublished items of `model`.

    `user` is `request.user`, on which django-otp's middleware sets `is_verified()`.
    """
    options = model._meta
    if not user.has_perm(f"{options.app_label}.change_{options.model_name}"):
        return False
    return not needs_second_factor(user) or user.is_verified()
