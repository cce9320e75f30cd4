from django.views.generic import ListView

from lmc_site.mixins import PublishedDetailView
from projects.models import Country, Project


class ProjectListView(ListView):
    model = Project
    paginate_by = 20

    def get_queryset(self):
        return Project.objects.published()


class ProjectDetailView(PublishedDetailView):
    model = Project


class CountryListView(ListView):
    model = Country


class CountryDetailView(PublishedDetailView):
    model = Country
