"""Access matrix rows of the documents app: serving, document pages, members' upload.

ctx.document_a is a document for organisation A only (see tests/matrix/test_access_matrix.py).
The library page itself is a Wagtail page (the catch-all row in tests/matrix/portal.py);
tests/documents/test_access.py checks it, search and serving per audience and role.
"""

LOGIN = "login"

ROWS = {
    "documents/^(\\d+)/(.*)$": (lambda c: c.document_a.url, (LOGIN, 200, 404, 200, 200, 200, LOGIN)),
    "dokumente/<int:pk>/": (lambda c: f"/dokumente/{c.document_a.pk}/", (LOGIN, 200, 404, 200, 200, 200, LOGIN)),
    "mein-bereich/dokumente/hochladen/": (
        lambda c: "/mein-bereich/dokumente/hochladen/",
        (LOGIN, 200, 200, 200, 200, 200, LOGIN),
    ),
    "mein-bereich/dokumente/<int:pk>/neue-version/": (
        lambda c: f"/mein-bereich/dokumente/{c.document_a.pk}/neue-version/",
        (LOGIN, 200, 404, 200, 200, 200, LOGIN),
    ),
}

# A POST without a file is refused (400) for those who may upload; nobody else gets further.
POSTS = {
    "mein-bereich/dokumente/hochladen/": (LOGIN, 400, 400, 400, 400, 400, LOGIN),
    "mein-bereich/dokumente/<int:pk>/neue-version/": (LOGIN, 400, 404, 400, 400, 400, LOGIN),
}
