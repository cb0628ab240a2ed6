from django.urls import include, path
from wagtail import hooks

from portal import registry


@hooks.register(registry.ROOT_URLS)
def root_urls():
    return [path("oparl/v1.1/", include("oparl.urls"))]
