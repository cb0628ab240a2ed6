from django.urls import path, re_path

from . import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path("body/<int:body_id>/<str:kind>/", views.list_view, name="list"),
    path("file/<int:pk>/access/", views.file_access, name="file_access"),
    path("file/<int:pk>/download/", views.file_download, name="file_download"),
    path("<str:kind>/<int:pk>/", views.object_view, name="object"),
    re_path(r"^(?P<path>.*)$", views.not_found_view, name="not_found"),
]
