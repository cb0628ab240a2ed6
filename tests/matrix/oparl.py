"""Access matrix rows of the OParl API: public data, the same answer for every role.

tests/oparl/ checks what the answers contain (public data only).
"""

ALL_200 = (200, 200, 200, 200, 200, 200, 200)
ALL_404 = (404, 404, 404, 404, 404, 404, 404)

ROWS = {
    "oparl/v1.1/": (lambda c: "/oparl/v1.1/", ALL_200),
    "oparl/v1.1/body/": (lambda c: "/oparl/v1.1/body/", ALL_200),
    "oparl/v1.1/body/<int:body_id>/<str:kind>/": (lambda c: "/oparl/v1.1/body/1/meeting/", ALL_200),
    # a members' document was never a file of the API: not found for everyone
    "oparl/v1.1/file/<int:pk>/access/": (lambda c: f"/oparl/v1.1/file/{c.document_a.pk}/access/", ALL_404),
    "oparl/v1.1/file/<int:pk>/download/": (lambda c: f"/oparl/v1.1/file/{c.document_a.pk}/download/", ALL_404),
    "oparl/v1.1/<str:kind>/<int:pk>/": (lambda c: "/oparl/v1.1/body/1/", ALL_200),
    "oparl/v1.1/^(?P<path>.*)$": (lambda c: "/oparl/v1.1/gibt-es-nicht", ALL_404),
}

# The API is read-only: any POST answers 405 (an OParl Error object), for every role.
ALL_405 = (405, 405, 405, 405, 405, 405, 405)
POSTS = dict.fromkeys(ROWS, ALL_405)
