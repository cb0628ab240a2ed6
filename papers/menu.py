"""The papers' entries in the site's main navigation (registered under ``SITE_MENU``)."""

from django.utils.translation import gettext_lazy as _


def entries():
    return [(_("Vorlagen"), "papers:list"), (_("Beschlussregister"), "papers:register")]
