"""Wagtail's document URLs (same names and patterns), with the serve view wrapped for headers."""

from django.urls import path, re_path
from wagtail.documents.views import serve as wagtail_serve

from . import views

urlpatterns = [
    re_path(r"^(\d+)/(.*)$", views.serve, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        wagtail_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
