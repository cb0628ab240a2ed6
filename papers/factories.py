"""Factories for papers, shared by the tests and the demo seeder."""

import datetime

import factory

from portal.access import Audience

from .models import Consultation, Paper, PaperRelation


class PaperFactory(factory.django.DjangoModelFactory):
    """A paper of the city unit. ``consultations=[(body, role, agenda item or None), ...]`` is its
    consultation path in this order, ``attachments=[document, ...]`` its attachments and
    ``relations=[(kind, other paper), ...]`` its related papers; the number is assigned on save."""

    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"Vorlage {n}")
    originator_unit = "Fachbereich 56"
    audience = Audience.PUBLIC
    date = datetime.date(2026, 3, 1)

    @classmethod
    def _create(cls, model_class, *args, consultations=(), attachments=(), relations=(), **kwargs):
        paper = model_class(*args, **kwargs)
        paper.consultations = [
            Consultation(
                body=body, role=role, agenda_item=item, meeting_id=item.meeting_id if item else None, sort_order=n
            )
            for n, (body, role, item) in enumerate(consultations)
        ]
        if attachments:
            paper.set_attachments(attachments)
        paper.relations = [
            PaperRelation(kind=kind, target=target, sort_order=n) for n, (kind, target) in enumerate(relations)
        ]
        paper.save()
        return paper


def paper(title="Vorlage Test", **kwargs):
    return PaperFactory(title=title, **kwargs)
