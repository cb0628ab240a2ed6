from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("dokumente/<int:pk>/", views.document_detail, name="detail"),
    path("mein-bereich/dokumente/hochladen/", views.upload, name="upload"),
    path("mein-bereich/dokumente/<int:pk>/neue-version/", views.new_version, name="new_version"),
]
