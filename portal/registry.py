"""What feature apps register with the core.

``portal/`` imports no feature app: each app tells the core what it needs to know in its own
``wagtail_hooks.py`` with Wagtail's hooks (``@hooks.register(NAME, order=…)``), and the core asks
``hooks.get_hooks(NAME)``. Page-cache purges are connected in the app's ``AppConfig.ready`` with
``portal.pagecache.purge_on(*models)``, query parameters that select what a page shows with
``portal.pagecache.register_query_parameters``. docs/architecture.md has the checklist.

Hooks and what each registered function is called with and returns:
"""

from wagtail import hooks

#: ``fn(user_id, today)`` → a queryset (or a list of querysets) of ``(kind, id, role)`` rows that
#: decide what the person may read (build them with ``portal.access.access_rows_of``). Kind
#: ``"body"``: a Gremium whose restricted content the person may read; kinds
#: ``"recused:<model label>"`` (``portal.access.recusal_rows_of``): rows the person is excluded
#: from (Befangenheit). The rows of all apps are read in one query.
ACCESS_ROWS = "portal_access_rows"

#: ``fn()`` → a list of ``portal.search.Source``: what the site search looks in. Their order (the
#: hook's ``order``) is the order of the type facet.
SEARCH_SOURCES = "portal_search_sources"

#: ``fn()`` → page models that the generic "Seiten" search source leaves out (listings, and page
#: types found by a source of their own).
SEARCH_UNLISTED_PAGES = "portal_search_unlisted_pages"

#: ``fn(request)`` → the HTML of one section of "Mein Bereich" ("" for none), in hook order.
MEMBERS_HOME_PANELS = "portal_members_home_panels"

#: ``fn(request, organisation)`` → the HTML of one section of the organisation admin's page.
ORGANISATION_PANELS = "portal_organisation_panels"

#: ``fn()``: loads an app's demo data; ``seed_demo`` runs them in hook order in one transaction.
DEMO_SEEDERS = "portal_demo_seeders"

#: ``fn()`` → URL patterns of the site, in every language (German unprefixed, the others under
#: ``/<code>/``), before Wagtail's page serving.
SITE_URLS = "portal_site_urls"

#: ``fn()`` → URL patterns outside the language prefixes (downloads, feeds, APIs).
ROOT_URLS = "portal_root_urls"

#: ``fn()`` → ``[(title, url name), …]``: entries of the main navigation that are views, not
#: pages (after the pages, in hook order). The navigation is the same for everyone and kept in
#: the page cache per language: only pages anonymous visitors may open, titles translated lazily.
SITE_MENU = "portal_site_menu"


def registered(name):
    """The functions registered for ``name``, in their order."""
    return hooks.get_hooks(name)
