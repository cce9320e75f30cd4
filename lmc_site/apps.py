from django.apps import AppConfig


class LmcSiteConfig(AppConfig):
    name = "lmc_site"
    verbose_name = "LMC site"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from lmc_site import health, public_content
        from lmc_site.cache import retire_pages_after_commit

        public_content.connect(retire_pages_after_commit)
        request_started.connect(health.start_request, dispatch_uid="request-id-start")
        request_finished.connect(health.end_request, dispatch_uid="request-id-end")
