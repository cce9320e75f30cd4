from django.urls import path

from timeline import views

app_name = "timeline"

urlpatterns = [
    path("", views.TimelineView.as_view(), name="index"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
