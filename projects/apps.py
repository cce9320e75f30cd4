from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects, countries and sources"

    def ready(self):
        from core.integrity import check_source_urls, protect_while_used
        from projects.models import CooperationArea, Country, Source

        for model in (Country, CooperationArea, Source):
            protect_while_used(model)
        check_source_urls(Source)
        register_with_search()
        register_with_editorial()


def register_with_search():
    """What the search indexes of a project, and which projects are public."""
    import search
    from projects.models import Project

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


def register_with_editorial():
    """What the editorial workflow needs to know of projects: the rows a project's versions
    keep with it (results, then the gallery, in the order their comparison shows them) and
    the page its preview links open."""
    from editorial.revisions import register_part
    from editorial.views import register_preview
    from images import versions as gallery
    from projects import versions as results
    from projects.models import Project
    from projects.views import ProjectDetailView

    register_part(
        Project,
        "results",
        current=results.current_results,
        kept=results.version_results,
        replace=results.replace_results,
    )
    register_part(
        Project,
        gallery.LABEL,
        current=gallery.current_gallery,
        kept=gallery.version_gallery,
        replace=gallery.replace_gallery,
    )
    register_preview(Project, ProjectDetailView)
