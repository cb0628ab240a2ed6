from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("vorlagen/", views.paper_list, name="list"),
    path("vorlagen/<int:pk>/", views.paper_detail, name="detail"),
    path("beschluesse/", views.register, name="register"),
    path("beschluesse/<int:pk>/beschlussauszug.pdf", views.decision_extract, name="extract"),
    path("mein-bereich/antraege/", views.motion_list, name="motion_list"),
    path("mein-bereich/antraege/neu/", views.motion_new, name="motion_new"),
    path("mein-bereich/antraege/<int:pk>/", views.motion_detail, name="motion_detail"),
]
