"""Access matrix rows of the portal core: accounts, members' area, invitations, site pages.

Each row: URL pattern -> (function building a concrete URL from the fixture context,
expected GET status per role in ROLES order: anonymous, member_a, member_b, org_admin,
editor, approver, inactive). LOGIN means a redirect to the login page.
"""

LOGIN = "login"
ANY = "any"  # allauth flows whose status depends on session state; checked for no leak elsewhere

ROWS = {
    # site pages (Wagtail)
    "^((?:[\\w\\-]+/)*)$": (lambda c: "/impressum/", (200, 200, 200, 200, 200, 200, 200)),
    "_util/login/": (lambda c: "/_util/login/", (302, 403, 403, 403, 302, 302, 302)),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        lambda c: f"/_util/authenticate_with_password/999/{c.home.pk}/",
        (404, 404, 404, 404, 404, 404, 404),
    ),
    "documents/authenticate_with_password/<int:restriction_id>/": (
        lambda c: "/documents/authenticate_with_password/999/",
        (404, 404, 404, 404, 404, 404, 404),
    ),
    "sitemap.xml": (lambda c: "/sitemap.xml", (200, 200, 200, 200, 200, 200, 200)),
    "robots.txt": (lambda c: "/robots.txt", (200, 200, 200, 200, 200, 200, 200)),
    ".well-known/security.txt": (lambda c: "/.well-known/security.txt", (200, 200, 200, 200, 200, 200, 200)),
    "feeds/nachrichten.rss": (lambda c: "/feeds/nachrichten.rss", (200, 200, 200, 200, 200, 200, 200)),
    "feeds/nachrichten.atom": (lambda c: "/feeds/nachrichten.atom", (200, 200, 200, 200, 200, 200, 200)),
    "feeds/<str:language>/nachrichten.rss": (
        lambda c: "/feeds/ar/nachrichten.rss",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "feeds/<str:language>/nachrichten.atom": (
        lambda c: "/feeds/uk/nachrichten.atom",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "suche/": (lambda c: "/suche/?q=Fachbereich", (200, 200, 200, 200, 200, 200, 200)),
    # members' area
    "mein-bereich/": (lambda c: "/mein-bereich/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "mein-bereich/organisation/<int:pk>/": (
        lambda c: f"/mein-bereich/organisation/{c.org_a.pk}/",
        (LOGIN, 404, 404, 200, 200, 200, LOGIN),
    ),
    "mein-bereich/einladungen/<int:pk>/erneut-senden/": (
        lambda c: f"/mein-bereich/einladungen/{c.invitation_a.pk}/erneut-senden/",
        (LOGIN, 405, 405, 405, 405, 405, LOGIN),
    ),
    "mein-bereich/einladungen/<int:pk>/widerrufen/": (
        lambda c: f"/mein-bereich/einladungen/{c.invitation_a.pk}/widerrufen/",
        (LOGIN, 405, 405, 405, 405, 405, LOGIN),
    ),
    "mein-bereich/mitgliedschaften/<int:pk>/entfernen/": (
        lambda c: f"/mein-bereich/mitgliedschaften/{c.membership_a.pk}/entfernen/",
        (LOGIN, 404, 404, 200, 200, 200, LOGIN),
    ),
    "einladung/<str:token>/": (
        lambda c: f"/einladung/{c.invitation_a.token}/",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    # my account
    "konto/profil/": (lambda c: "/konto/profil/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "konto/daten-export/": (lambda c: "/konto/daten-export/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "konto/loeschen/": (lambda c: "/konto/loeschen/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "konto/benachrichtigungen/": (
        lambda c: "/konto/benachrichtigungen/",
        (LOGIN, 200, 200, 200, 200, 200, LOGIN),
    ),
    "benachrichtigungen/abbestellen/<str:token>/": (
        lambda c: f"/benachrichtigungen/abbestellen/{c.unsubscribe_token}/",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    # allauth
    "konto/login/": (lambda c: "/konto/login/", (200, 302, 302, 302, 302, 302, 200)),
    "konto/logout/": (lambda c: "/konto/logout/", (302, 200, 200, 200, 200, 200, 302)),
    "konto/inactive/": (lambda c: "/konto/inactive/", (200, 200, 200, 200, 200, 200, 200)),
    "konto/signup/": (lambda c: "/konto/signup/", (200, 302, 302, 302, 302, 302, 200)),
    "konto/reauthenticate/": (lambda c: "/konto/reauthenticate/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "konto/email/": (lambda c: "/konto/email/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "konto/confirm-email/": (lambda c: "/konto/confirm-email/", (200, 200, 200, 200, 200, 200, 200)),
    "konto/password/change/": (
        lambda c: "/konto/password/change/",
        (LOGIN, 200, 200, 200, 200, 200, LOGIN),
    ),
    "konto/password/set/": (lambda c: "/konto/password/set/", (LOGIN, 302, 302, 302, 302, 302, LOGIN)),
    "konto/password/reset/": (lambda c: "/konto/password/reset/", (200, 200, 200, 200, 200, 200, 200)),
    "konto/login/code/confirm/": (lambda c: "/konto/login/code/confirm/", (LOGIN, 302, 302, 302, 302, 302, LOGIN)),
    "konto/^confirm-email/(?P<key>[-:\\w]+)/$": (
        lambda c: "/konto/confirm-email/ungueltig/",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "konto/password/reset/key/done/": (
        lambda c: "/konto/password/reset/key/done/",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        lambda c: "/konto/password/reset/key/1-ungueltig/",
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "konto/password/reset/done/": (lambda c: "/konto/password/reset/done/", (200, 200, 200, 200, 200, 200, 200)),
    "konto/2fa/": (lambda c: "/konto/2fa/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "konto/2fa/authenticate/": (lambda c: "/konto/2fa/authenticate/", (302, 302, 302, 302, 302, 302, 302)),
    "konto/2fa/reauthenticate/": (lambda c: "/konto/2fa/reauthenticate/", (LOGIN, 302, 302, 302, 200, 200, LOGIN)),
    "konto/2fa/totp/activate/": (lambda c: "/konto/2fa/totp/activate/", (LOGIN, 302, 302, 302, 302, 302, LOGIN)),
    "konto/2fa/totp/deactivate/": (
        lambda c: "/konto/2fa/totp/deactivate/",
        (LOGIN, 404, 404, 404, 302, 302, LOGIN),
    ),
    "konto/2fa/recovery-codes/": (lambda c: "/konto/2fa/recovery-codes/", (LOGIN, 404, 404, 404, 404, 404, LOGIN)),
    "konto/2fa/recovery-codes/generate/": (
        lambda c: "/konto/2fa/recovery-codes/generate/",
        (LOGIN, 302, 302, 302, 302, 302, LOGIN),
    ),
    "konto/2fa/recovery-codes/download/": (
        lambda c: "/konto/2fa/recovery-codes/download/",
        (LOGIN, 404, 404, 404, 404, 404, LOGIN),
    ),
}

# POSTs that change something, by role: the organisation admin of A and city staff may; nobody else.
POSTS = {
    "mein-bereich/einladungen/<int:pk>/erneut-senden/": (LOGIN, 404, 404, 302, 302, 302, LOGIN),
    "mein-bereich/einladungen/<int:pk>/widerrufen/": (LOGIN, 404, 404, 302, 302, 302, LOGIN),
    "mein-bereich/mitgliedschaften/<int:pk>/entfernen/": (LOGIN, 404, 404, 302, 302, 302, LOGIN),
    "mein-bereich/organisation/<int:pk>/": (LOGIN, 404, 404, 302, 302, 302, LOGIN),
}

# Pages served by Wagtail with an audience: checked for each role at the page's URL.
PAGES = {
    "members' news": (
        lambda c: c.members_news.url,
        (LOGIN, 200, 200, 200, 200, 200, LOGIN),
    ),
    "public news": (lambda c: c.public_news.url, (200, 200, 200, 200, 200, 200, 200)),
    # translations (wagtail-localize): the audience of their German page, under their own address
    "content page, English translation": (
        lambda c: c.translated_urls["group_en"],
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "public news, Arabic translation": (
        lambda c: c.translated_urls["public_news_ar"],
        (200, 200, 200, 200, 200, 200, 200),
    ),
    "members' news, English translation": (
        lambda c: c.translated_urls["members_news_en"],
        (LOGIN, 200, 200, 200, 200, 200, LOGIN),
    ),
    "members' news, Ukrainian translation": (
        lambda c: c.translated_urls["members_news_uk"],
        (LOGIN, 200, 200, 200, 200, 200, LOGIN),
    ),
}
