"""The public directory of funded services: no login, mounted at /repertoire/."""

from django.urls import path  # noqa: F401

app_name = "repertoire"
urlpatterns = []
