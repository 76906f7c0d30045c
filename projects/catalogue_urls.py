"""The public Dienstencatalogus, at the site's root (the project pages are under /projecten/)."""

from django.urls import path

from projects.views import catalogue

app_name = "catalogue"
urlpatterns = [path("", catalogue.catalogue, name="index")]
