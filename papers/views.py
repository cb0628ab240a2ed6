"""The public pages of papers and the register of decisions, and the Beschlussauszug.

Every object comes from ``visible_to(viewer)`` (papers, meetings) or ``readable_by(viewer)``
(agenda items): a paper or decision the viewer may not read is a login redirect for anonymous
visitors and a 404 for everyone else, whatever the URL says.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import PortalDocument
from meetings.models import AgendaItem, BodyPage
from meetings.pdf import pdf_response
from portal.access import get_viewer

from . import motions, pdf, reading
from .forms import MotionForm, PaperFilterForm, RegisterFilterForm
from .models import Motion, Paper

PER_PAGE = 20


def _years(first):
    return list(range(timezone.localdate().year, (first or timezone.localdate().year) - 1, -1))


def _bodies():
    return list(BodyPage.objects.live().public().order_by("title").only("pk", "title"))


def _not_visible(request, exists):
    """Anonymous visitors are asked to log in when the object exists; everyone else gets 404."""
    if exists and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def paper_list(request):
    viewer = get_viewer(request)
    papers = Paper.objects.visible_to(viewer)
    first = papers.order_by("year").values_list("year", flat=True).first()
    form = PaperFilterForm(request.GET, bodies=_bodies(), years=_years(first))
    papers = papers.with_state(viewer).select_related("originator_organisation")
    query = (form.value("q") or "").strip()
    if query:
        number = query.replace(" ", "")
        if "/" in number and all(part.isdigit() for part in number.split("/", 1)):
            serial, year = number.split("/", 1)
            papers = papers.filter(serial=int(serial), year=int(year))
        else:
            for word in query.split()[:5]:
                papers = papers.filter(Q(title__icontains=word) | Q(text__icontains=word))
    if form.value("art"):
        papers = papers.filter(kind=form.value("art"))
    if form.value("stand"):
        papers = papers.filter(state=form.value("stand"))
    if form.value("gremium"):
        papers = papers.filter(pk__in=Paper.objects.filter(consultations__body_id=form.value("gremium")).values("pk"))
    if form.value("jahr"):
        papers = papers.filter(year=form.value("jahr"))
    page_obj = Paginator(papers.newest_first(), PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "papers/paper_list.html",
        {"form": form, "page_obj": page_obj, "papers": page_obj.object_list, "filtered": bool(request.GET)},
    )


def paper_detail(request, pk):
    viewer = get_viewer(request)
    paper = (
        Paper.objects.visible_to(viewer).with_state(viewer).select_related("originator_organisation").filter(pk=pk)
    ).first()
    if paper is None:
        return _not_visible(request, Paper.objects.filter(pk=pk).exists())
    main_file, attachments = reading.visible_documents(viewer, paper)
    response = render(
        request,
        "papers/paper_detail.html",
        {
            "paper": paper,
            "main_file": main_file,
            "attachments": attachments,
            "steps": reading.consultation_path(paper, viewer),
            "related": reading.related_papers(viewer, paper),
        },
    )
    if paper.audience != "public":
        response.viewer_dependent = True
    return response


def register(request):
    """The Beschlussregister: every decision the viewer may read, with its implementation."""
    viewer = get_viewer(request)
    items = reading.decisions(viewer)
    first = items.order_by("meeting__start").values_list("meeting__start", flat=True).first()
    form = RegisterFilterForm(
        request.GET,
        bodies=_bodies(),
        years=_years(timezone.localtime(first).year if first else None),
        with_implementation=viewer.is_member,
    )
    if form.value("gremium"):
        items = items.filter(meeting__body_id=form.value("gremium"))
    if form.value("jahr"):
        items = items.filter(meeting__start__year=form.value("jahr"))
    if form.value("ergebnis"):
        items = items.filter(result=form.value("ergebnis"))
    if "umsetzung" in form.fields and form.value("umsetzung"):
        items = reading.filter_implementation(items, form.value("umsetzung"))
    page_obj = Paginator(reading.with_details(items, viewer), PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "papers/register.html",
        {"form": form, "page_obj": page_obj, "decisions": page_obj.object_list, "today": timezone.localdate()},
    )


def decision_extract(request, pk):
    """The Beschlussauszug of one decision, for viewers who may read the agenda item."""
    viewer = get_viewer(request)
    item = reading.decisions(viewer).filter(pk=pk).first()
    if item is None:
        return _not_visible(request, AgendaItem.objects.filter(pk=pk).exclude(decision="", result="").exists())
    content = pdf.render_extract(item, viewer)
    # the papers and action items in it are those the viewer may see
    dependent = viewer.is_authenticated or not item.public
    return pdf_response(content, f"beschlussauszug-{item.meeting.slug}-top-{item.number}.pdf", dependent)


# --- members' motions and questions ----------------------------------------------------------


@login_required
def motion_list(request):
    viewer = get_viewer(request)
    motions = (
        Motion.objects.visible_to(viewer)
        .with_paper_visible(viewer)
        .select_related("body", "organisation", "paper", "submitted_by")
    )
    page_obj = Paginator(motions, PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "papers/motion_list.html",
        {"page_obj": page_obj, "motions": page_obj.object_list, "may_submit": bool(viewer.body_ids)},
    )


@login_required
def motion_new(request):
    viewer = get_viewer(request)
    if not viewer.body_ids:
        raise PermissionDenied
    form = MotionForm(request.POST or None, request.FILES or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        motion = form.save(commit=False)
        document = form.save_attachment(motion)
        motions.submit(motion, request.user, [document] if document else [])
        messages.success(
            request,
            _("Vielen Dank. Ihr %(kind)s wurde eingereicht; die Verwaltung prüft ihn.")
            % {"kind": motion.get_kind_display()}
            if motion.kind == Motion.Kind.MOTION
            else _("Vielen Dank. Ihre Anfrage wurde eingereicht; die Verwaltung prüft sie."),
        )
        return redirect(motion)
    return render(request, "papers/motion_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def motion_detail(request, pk):
    """The motion's state; when changes were asked for, its body members revise and resubmit it."""
    viewer = get_viewer(request)
    motion = get_object_or_404(
        Motion.objects.visible_to(viewer).select_related("body", "organisation", "paper", "requested_meeting"), pk=pk
    )
    may_revise = motion.status == Motion.Status.CHANGES_REQUESTED and motions.may_submit_for(viewer, motion.body_id)
    form = None
    if may_revise:
        form = MotionForm(request.POST or None, request.FILES or None, instance=motion, viewer=viewer)
        if request.method == "POST" and form.is_valid():
            motion = form.save(commit=False)
            document = form.save_attachment(motion)
            motions.submit(motion, request.user, [document] if document else [])
            messages.success(request, _("Die überarbeitete Fassung wurde eingereicht."))
            return redirect(motion)
    elif request.method == "POST":
        raise PermissionDenied
    attachments = PortalDocument.objects.visible_to(viewer).filter(pk__in=motion.attachments.values("pk"))
    paper = Paper.objects.visible_to(viewer).filter(pk=motion.paper_id).first() if motion.paper_id else None
    return render(
        request,
        "papers/motion_detail.html",
        {"motion": motion, "form": form, "attachments": attachments, "paper": paper},
        status=400 if form is not None and form.errors else 200,
    )
