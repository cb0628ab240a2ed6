from django.urls import path

from portal.urls import handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("kaputt/", broken), *urlpatterns]
