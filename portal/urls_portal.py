from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("suche/", views.search, name="search"),
    path("mein-bereich/", views.members_home, name="members_home"),
    path("mein-bereich/organisation/<int:pk>/", views.organisation_people, name="organisation_people"),
    path("mein-bereich/einladungen/<int:pk>/erneut-senden/", views.invitation_resend, name="invitation_resend"),
    path("mein-bereich/einladungen/<int:pk>/widerrufen/", views.invitation_revoke, name="invitation_revoke"),
    path("mein-bereich/mitgliedschaften/<int:pk>/entfernen/", views.membership_remove, name="membership_remove"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("konto/profil/", views.profile, name="profile"),
    path("konto/daten-export/", views.data_export, name="data_export"),
    path("konto/loeschen/", views.delete_account, name="delete_account"),
    path("konto/benachrichtigungen/", views.notification_settings, name="notification_settings"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
