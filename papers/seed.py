"""Demo papers behind the demo meetings (seed_demo, after the meetings). Idempotent.

- the presentation of the new Fachbereich 56 in the Ausschuss für Soziales, Integration und
  Demographie of 15.02.2022, with the Organigramm;
- the outsourcing of the case management to the Freie Träger: the steering group's
  recommendation (non-public item of its 3rd meeting) and the committee's decision (a committee
  meeting made here);
- a members' Antrag on the agenda of the next steering group meeting, and an Anfrage with its
  answer.
"""

import datetime

from django.utils import timezone

from documents.models import PortalDocument
from meetings import seed as meetings_seed
from meetings.models import AgendaItem, BodyPage, MeetingPage
from portal.access import Audience
from portal.models import Organisation, User

from . import planning
from .factories import PaperFactory
from .models import Consultation, Motion, Paper

Role = Consultation.Role
FB56 = "Fachbereich 56 – Integration, Zuwanderung und Wohnraumsicherung"

COMMITTEE_DECISION_MEETING = {
    "slug": "sitzung-vergabe-case-management",
    "title": "Sitzung des Ausschusses für Soziales, Integration und Demographie",
    "start": meetings_seed.days_from_today(-240, 16),
    "location": "Rathaus an der Volme, Sitzungssaal",
    "place": "rathaus-sitzungssaal",
    "status": MeetingPage.Status.HELD,
    "items": [
        meetings_seed.item(
            "Eröffnung der Sitzung und Feststellung der Tagesordnung",
            decision="Die Tagesordnung wird festgestellt.",
            result=AgendaItem.Result.ADOPTED,
        ),
        meetings_seed.item(
            "Vergabe des Case-Managements an Freie Träger",
            presenter="Frau Keller (FB 56)",
            description=(
                "Die Lenkungsgruppe Integration empfiehlt, die fünf zusätzlichen, vom Land geförderten "
                "Case-Management-Stellen an Freie Träger zu vergeben."
            ),
            minutes=(
                "Frau Keller erläutert die Empfehlung der Lenkungsgruppe. Die Landesförderung von 56.000 EUR je "
                "Stelle und Jahr deckt fast das volle Gehalt. Aus dem Ausschuss wird nach der Verteilung auf die "
                "Quartiere gefragt: drei Stellen für Altenhagen, zwei für Wehringhausen."
            ),
            decision=(
                "Der Ausschuss für Soziales, Integration und Demographie beschließt, das Case-Management im "
                "Kommunalen Integrationsmanagement mit fünf Stellen an Freie Träger zu vergeben: drei Stellen an "
                "die AWO (Altenhagen), zwei Stellen an die Caritas (Wehringhausen)."
            ),
            result=AgendaItem.Result.ADOPTED,
            votes=(11, 2, 1),
            actions=[
                ("Trägerverträge für das Case-Management abschließen", "FB 56", -150, "done"),
                ("Bericht über das erste Jahr des Case-Managements im Ausschuss", "FB 56", -20, "open"),
            ],
        ),
    ],
}


def _item(meeting_slug, title_start):
    return (
        AgendaItem.objects.filter(meeting__slug=meeting_slug, title__startswith=title_start)
        .select_related("meeting")
        .first()
    )


def _paper(title, consultations=(), attachments=(), relations=(), **fields):
    existing = Paper.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    return PaperFactory(
        title=title, consultations=consultations, attachments=attachments, relations=relations, **fields
    ), True


def run():
    bodies = {b.slug: b for b in BodyPage.objects.all()}
    steering = bodies.get("lenkungsgruppe-integration")
    committee = bodies.get("ausschuss-soziales-integration-demographie")
    if steering is None or committee is None:
        return
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    people = {u.email: u for u in User.objects.all()}
    editor, approver = people["redaktion@example.org"], people["leitung@example.org"]
    organigramm = PortalDocument.objects.filter(title__startswith="Organigramm des Fachbereichs").first()
    kim_report = PortalDocument.objects.filter(title__startswith="Kommunales Integrationsmanagement").first()

    # 1. The presentation of the new Fachbereich 56 (15.02.2022)
    _paper(
        "Vorstellung des neuen Fachbereiches Integration, Zuwanderung und Wohnraumsicherung (56)",
        kind=Paper.Kind.INFORMATION,
        date=datetime.date(2022, 2, 1),
        originator_unit=FB56,
        text=(
            "Zum 1. Januar 2022 hat die Stadt Hagen den Fachbereich Integration, Zuwanderung und "
            "Wohnraumsicherung (56) gebildet. Er bündelt die Leistungsgewährung, die Unterbringung, das "
            "Quartiersmanagement (Leitung: Frau Schwanke), die Flüchtlings- und Asylbewerberangelegenheiten und "
            "die Wohnraumsicherung. Leiterin ist Frau Keller. Im Fachbereich entstehen 16 neue Stellen. Die Freie "
            "Wohlfahrtspflege ist über die gemeinsame Lenkungsgruppe eingebunden."
        ),
        proposal="Der Ausschuss für Soziales, Integration und Demographie nimmt den Bericht zur Kenntnis.",
        main_file=organigramm,
        consultations=[(committee, Role.NOTICE, _item("sitzung-2022-02-15", "Vorstellung des neuen Fachbereiches"))],
    )

    # 2. Outsourcing the case management: recommendation of the steering group, decision of the committee
    outsourcing_title = "Vergabe des Case-Managements im Kommunalen Integrationsmanagement an Freie Träger"
    if not Paper.objects.filter(title=outsourcing_title).exists():
        spec = dict(COMMITTEE_DECISION_MEETING)
        outsourcing, _created = _paper(
            outsourcing_title,
            kind=Paper.Kind.DECISION,
            date=(spec["start"] - datetime.timedelta(days=45)).date(),
            originator_unit=FB56,
            text=(
                "Das Land NRW fördert Case-Management-Stellen im Kommunalen Integrationsmanagement mit 56.000 EUR je "
                "Stelle und Jahr. Fünf Stellen sind bereits gefördert, fünf weitere sind möglich. Die Verwaltung "
                "schlägt vor, die zusätzlichen Stellen nicht selbst zu besetzen, sondern das Case-Management an "
                "Freie Träger zu vergeben, die in den Quartieren bereits beraten. Die Lenkungsgruppe Integration hat "
                "die eingegangenen Angebote bewertet und eine Empfehlung ausgesprochen."
            ),
            proposal=(
                "Der Ausschuss beschließt, das Case-Management mit fünf Stellen an Freie Träger zu vergeben, "
                "entsprechend der Empfehlung der Lenkungsgruppe Integration."
            ),
            attachments=[kim_report] if kim_report else [],
            consultations=[(steering, Role.PRELIMINARY, _item("sitzung-03", "Vergabe des Case-Managements"))],
        )
        spec["items"] = [dict(i) for i in spec["items"]]
        spec["items"][1]["title"] = f"Vergabe des Case-Managements an Freie Träger (Vorlage {outsourcing.number})"
        meetings_seed.ensure_meeting(
            committee, spec, {}, people, organisations, editor, approver, meetings_seed.ensure_places()
        )
        decision = _item(spec["slug"], "Vergabe des Case-Managements")
        Consultation.objects.create(
            paper=outsourcing,
            body=committee,
            role=Role.DECISION,
            meeting=decision.meeting,
            agenda_item=decision,
            sort_order=1,
        )

    # 3. A members' Antrag, on the agenda of the next steering group meeting
    antrag, created = _paper(
        "Antrag der AWO: Sprachmittlung als erstattungsfähige Sachkosten im Case-Management",
        kind=Paper.Kind.MOTION,
        date=timezone.localdate() - datetime.timedelta(days=12),
        originator_organisation=organisations.get("AWO"),
        audience=Audience.MEMBERS,
        text=(
            "In den Beratungen zu Wohnung, Arbeit und Schulanmeldung ist oft eine Sprachmittlung nötig. "
            "Die AWO beantragt, die Kosten der Sprachmittlung künftig als erstattungsfähige Sachkosten in die "
            "Trägerverträge für das Case-Management aufzunehmen."
        ),
        proposal="Die Lenkungsgruppe empfiehlt, Sprachmittlung bis 3.000 EUR je Stelle und Jahr zu erstatten.",
        consultations=[(steering, Role.DECISION, None)],
    )
    next_meeting = MeetingPage.objects.filter(slug="sitzung-05", body=steering).first()
    if created and next_meeting is not None:
        planning.put_on_agenda(antrag, antrag.consultations.get(), next_meeting)

    if created:
        Motion.objects.create(
            kind=Motion.Kind.MOTION,
            body=steering,
            organisation=antrag.originator_organisation,
            submitted_by=people.get("awo@example.org"),
            title=antrag.title,
            text=antrag.text,
            requested_meeting=next_meeting,
            status=Motion.Status.ACCEPTED,
            paper=antrag,
            submitted_at=timezone.now() - datetime.timedelta(days=14),
        )

    # 4. An Anfrage with its answer
    anfrage, created = _paper(
        "Anfrage der Caritas: Wartezeiten auf einen Platz in der Unterbringung",
        kind=Paper.Kind.QUESTION,
        date=timezone.localdate() - datetime.timedelta(days=60),
        originator_organisation=organisations.get("Caritas"),
        text=(
            "Wie lange warten Familien derzeit durchschnittlich auf einen Platz in einer städtischen Unterkunft, "
            "und wie viele Plätze sind frei?"
        ),
        answer=(
            "Die Unterbringung ist zu 85 % ausgelastet. Familien warten im Mittel drei Wochen; in dringenden "
            "Fällen vermittelt die Wohnraumsicherung sofort eine Notunterkunft. Weitere Plätze in städtischen "
            "Unterkünften sind in Planung."
        ),
        closure=Paper.Closure.DONE,
        consultations=[(steering, Role.NOTICE, None)],
    )
    if created:
        Motion.objects.create(
            kind=Motion.Kind.QUESTION,
            body=steering,
            organisation=anfrage.originator_organisation,
            submitted_by=people.get("caritas@example.org"),
            title=anfrage.title,
            text=anfrage.text,
            status=Motion.Status.ACCEPTED,
            paper=anfrage,
            submitted_at=timezone.now() - datetime.timedelta(days=62),
        )
        # and one waiting for triage in the admin
        Motion.objects.create(
            kind=Motion.Kind.MOTION,
            body=steering,
            organisation=organisations.get("Diakonie"),
            submitted_by=people.get("diakonie@example.org"),
            title="Antrag der Diakonie: Kümmerergruppe auch für Eilpe",
            text=(
                "Die Diakonie beantragt, nach dem Vorbild von Altenhagen, Wehringhausen und Haspe eine "
                "Kümmerergruppe für Eilpe einzurichten."
            ),
            requested_meeting=next_meeting,
            submitted_at=timezone.now() - datetime.timedelta(days=3),
        )
