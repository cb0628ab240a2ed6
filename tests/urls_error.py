from django.db import OperationalError
from django.urls import path

from portal.urls import handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("boom")


def database_gone(request):
    raise OperationalError('connection to server at "127.0.0.1" failed: Connection refused')


urlpatterns = [path("kaputt/", broken), path("datenbank-weg/", database_gone), *urlpatterns]
