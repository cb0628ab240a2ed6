"""Month names as written inside a date (the format character ``E``), kept in the portal's own
catalogues: Django's Bulgarian and Romanian catalogues capitalise them ("12 Март 2025"), inside
a date they are written in lower case ("12 март 2025 г.", "12 martie 2025"). The portal's
catalogues take precedence over Django's; languages without an entry here keep Django's."""

from django.utils.translation import pgettext_lazy

MONTHS_IN_A_DATE = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
