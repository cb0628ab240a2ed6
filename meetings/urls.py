from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("sitzungen/suche/", views.search, name="search"),
    path("sitzungen/kalender.ics", views.ical_public, name="ical_public"),
    path("sitzungen/gremium/<int:pk>/kalender.ics", views.ical_body, name="ical_body"),
    path("sitzungen/sitzung/<int:pk>/kalender.ics", views.ical_meeting, name="ical_meeting"),
    path("sitzungen/persoenlich/<str:token>/kalender.ics", views.ical_personal, name="ical_personal"),
    path("sitzungen/sitzung/<int:pk>/rueckmeldung/", views.rsvp, name="rsvp"),
    path("sitzungen/sitzung/<int:pk>/einwendung/", views.objection, name="objection"),
    path("sitzungen/sitzung/<int:pk>/niederschrift.pdf", views.minutes_public_pdf, name="minutes_public_pdf"),
    path(
        "sitzungen/sitzung/<int:pk>/niederschrift-vollstaendig.pdf",
        views.minutes_full_pdf,
        name="minutes_full_pdf",
    ),
    path(
        "sitzungen/sitzung/<int:pk>/top/<int:item_pk>/auszug.pdf",
        views.minutes_extract_pdf,
        name="minutes_extract_pdf",
    ),
    path("sitzungen/sitzung/<int:pk>/sitzungsmappe.pdf", views.meeting_pack, name="meeting_pack"),
    path("sitzungen/sitzung/<int:pk>/anlagen.zip", views.meeting_pack_zip, name="meeting_pack_zip"),
    path("mein-bereich/kalender/", views.calendar_token, name="calendar_token"),
    path("mein-bereich/organisation/<int:pk>/gremien/", views.organisation_bodies, name="organisation_bodies"),
    path(
        "mein-bereich/gremienmitgliedschaften/<int:pk>/beenden/",
        views.body_membership_end,
        name="body_membership_end",
    ),
]
