from django.http import HttpResponse


def home(request):
    return HttpResponse("")


about = outcomes = site_search = sitemap = sitemap_section = robots_txt = home
