"""The secrets of the non-public papers in the papers' tests."""

SECRET_PAPER_TITLE = "Vertrauliche Vorlage zur Trägerauswahl"
SECRET_PAPER_TEXT = "Geheimer Kostenrahmen 98.765 EUR"
