from django.conf import settings

SITE_DESCRIPTION = (
    "The Lancang-Mekong Cooperation of Cambodia, China, Laos, Myanmar, Thailand and Viet Nam: "
    "its history and outcomes, each fact with its source."
)


def site(request):
    """Names every template may use. Views set `page_title` and `page_description`."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_DESCRIPTION": SITE_DESCRIPTION,
        "CORRECTIONS_EMAIL": settings.CORRECTIONS_EMAIL,
        # The canonical address drops the query string: filters and pages are not new pages.
        "canonical_url": request.build_absolute_uri(request.path),
    }
