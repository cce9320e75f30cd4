from django.urls import path

from projects import views

app_name = "countries"

urlpatterns = [
    path("", views.CountryListView.as_view(), name="index"),
    path("<slug:slug>/", views.CountryDetailView.as_view(), name="detail"),
]
