from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects, countries and sources"

    def ready(self):
        import search
        from core.integrity import check_source_urls, protect_while_used
        from projects.models import CooperationArea, Country, Project, Source

        for model in (Country, CooperationArea, Source):
            protect_while_used(model)
        check_source_urls(Source)

        search.register(
            Project,
            kind="projects",
            place="place_name",
            related=[
                search.Rows("results", ["label", "value", "unit"]),
                search.Names("countries", ["name", "official_name"]),
                search.Names("areas", ["name"]),
            ],
            public=Project.objects.published,
            shown_with=["countries"],
            list_url="projects:index",
        )
