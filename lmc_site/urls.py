from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from editorial.markdown_preview import markdown_preview
from lmc_site import health, two_factor, views
from search import views as search_views

admin.site.site_header = "Lancang-Mekong Cooperation site: editing"
admin.site.site_title = "LMC site editing"
admin.site.index_title = "Content"

handler404 = "lmc_site.views.page_not_found"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("outcomes/", views.OutcomesView.as_view(), name="outcomes"),
    path("search/", search_views.site_search, name="search"),
    path("projects/", include("projects.urls")),
    path("countries/", include("projects.country_urls")),
    path("timeline/", include("timeline.urls")),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]

# Never served from the page cache (lmc_site/cache.py): probes that must reach the process,
# and pages for signed-in editors or holders of a preview link.
PRIVATE_ROUTES = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("preview/", include("editorial.urls")),
    path(f"{settings.ADMIN_PATH}two-factor/", two_factor.two_factor, name="two_factor"),
    path(f"{settings.ADMIN_PATH}markdown-preview/", markdown_preview, name="markdown_preview"),
    path(settings.ADMIN_PATH, admin.site.urls),
]
urlpatterns += PRIVATE_ROUTES

# Uploaded pictures, in development only (static() adds nothing unless DEBUG is on); in
# production the web server or the S3-compatible storage serves MEDIA_URL.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
