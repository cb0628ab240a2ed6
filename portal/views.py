import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import notifications, pagecache, panels, registry, search_sources, services
from . import search as site_search
from .access import get_viewer
from .forms import AcceptInvitationForm, DeleteAccountForm, InvitationForm, NotificationSettingsForm, ProfileForm
from .models import Invitation, Membership, NotificationPreference, Organisation, User

# --- members' area -------------------------------------------------------------------------


@login_required
def members_home(request):
    sections = panels.render(registry.MEMBERS_HOME_PANELS, request)
    User.objects.filter(pk=request.user.pk).update(members_area_seen_at=timezone.now())
    return render(request, "portal/members_home.html", {"panels": sections})


def managed_organisation(request, pk):
    """An organisation the viewer administers (organisation admin or city staff), else 404."""
    viewer = get_viewer(request)
    if not (viewer.is_staff or pk in viewer.admin_organisation_ids):
        raise Http404
    return get_object_or_404(Organisation, pk=pk, active=True)


@login_required
def organisation_people(request, pk):
    organisation = managed_organisation(request, pk)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(
            form.cleaned_data["email"], organisation, form.cleaned_data["role"], request.user, request
        )
        messages.success(
            request,
            _("Die Einladung an %(email)s ist gespeichert und wird per E-Mail verschickt.")
            % {"email": invitation.email},
        )
        return redirect("portal:organisation_people", pk=organisation.pk)
    return render(
        request,
        "portal/organisation_people.html",
        {
            "organisation": organisation,
            "members": organisation.memberships.active().select_related("user"),
            "invitations": organisation.invitations.filter(accepted_at=None, revoked_at=None),
            "form": form,
            "panels": panels.render(registry.ORGANISATION_PANELS, request, organisation),
        },
        status=400 if form.errors else 200,
    )


def _managed_invitation(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, accepted_at=None, revoked_at=None)
    managed_organisation(request, invitation.organisation_id)
    return invitation


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = _managed_invitation(request, pk)
    services.resend_invitation(invitation, request)
    messages.success(
        request, _("Die Einladung an %(email)s wird erneut per E-Mail verschickt.") % {"email": invitation.email}
    )
    return redirect("portal:organisation_people", pk=invitation.organisation_id)


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = _managed_invitation(request, pk)
    services.revoke_invitation(invitation)
    messages.success(request, _("Die Einladung an %(email)s wurde widerrufen.") % {"email": invitation.email})
    return redirect("portal:organisation_people", pk=invitation.organisation_id)


@login_required
def membership_remove(request, pk):
    """Asks first (GET), removes on the confirmed POST and records who removed whom."""
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk, active=True)
    managed_organisation(request, membership.organisation_id)
    if membership.user_id == request.user.pk:
        messages.error(request, _("Sie können sich nicht selbst aus der Organisation entfernen."))
    elif request.method == "POST":
        services.remove_membership(membership, request.user)
        messages.success(request, _("%(name)s wurde aus der Organisation entfernt.") % {"name": membership.user})
    else:
        return render(request, "portal/membership_remove.html", {"membership": membership})
    return redirect("portal:organisation_people", pk=membership.organisation_id)


# --- invitations ---------------------------------------------------------------------------

INVITATION_PROBLEMS = {
    "accepted": _("Diese Einladung wurde bereits angenommen. Bitte melden Sie sich an."),
    "revoked": _("Diese Einladung wurde widerrufen. Bitte wenden Sie sich an die Person, die Sie eingeladen hat."),
    "expired": _(
        "Diese Einladung ist abgelaufen. Bitte bitten Sie die Person, die Sie eingeladen hat, um eine neue Einladung."
    ),
}


def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if invitation.status != "pending":
        return render(
            request,
            "portal/invitation_problem.html",
            {"message": INVITATION_PROBLEMS[invitation.status]},
            status=410,
        )
    from .models import User

    existing = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "existing": existing}
    if existing is not None:
        # A known person accepts while logged in as themselves.
        if request.user.is_authenticated and request.user.pk == existing.pk:
            if request.method == "POST":
                services.accept_invitation(invitation, existing)
                messages.success(request, _("Sie sind jetzt Mitglied von %(org)s.") % {"org": invitation.organisation})
                return redirect("portal:members_home")
        elif request.user.is_authenticated:
            context["wrong_user"] = True
        return render(request, "portal/invitation_accept.html", context)

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        if request.user.is_authenticated:
            logout(request)
        user = services.accept_invitation(
            invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Willkommen! Ihr Konto ist eingerichtet."))
        return redirect("portal:members_home")
    context["form"] = form
    return render(request, "portal/invitation_accept.html", context, status=400 if form.errors else 200)


# --- my account ----------------------------------------------------------------------------


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("portal:profile")
    memberships = Membership.objects.active().filter(user=request.user).select_related("organisation")
    return render(
        request,
        "portal/profile.html",
        {"form": form, "memberships": memberships},
        status=400 if form.errors else 200,
    )


@login_required
def data_export(request):
    data = services.export_user_data(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _("Ihr Konto wurde gelöscht."))
        return redirect("/")
    return render(request, "portal/delete_account.html", {"form": form}, status=400 if form.errors else 200)


# --- notifications -------------------------------------------------------------------------


@login_required
def notification_settings(request):
    current = notifications.frequencies_for_id(request.user.pk)
    form = NotificationSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for kind, frequency in form.cleaned_data.items():
            NotificationPreference.objects.update_or_create(
                user=request.user, kind=kind, defaults={"frequency": frequency}
            )
        messages.success(request, _("Ihre Einstellungen für Benachrichtigungen wurden gespeichert."))
        return redirect("portal:notification_settings")
    return render(request, "portal/notification_settings.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # one-click unsubscribe from mail programs (RFC 8058); the signed token is the credential
def unsubscribe(request, token):
    data = notifications.read_unsubscribe_token(token)
    if data is None:
        return render(
            request,
            "portal/invitation_problem.html",
            {
                "message": _(
                    "Dieser Abmeldelink ist ungültig. Sie können Ihre Benachrichtigungen unter „Mein Konto“ einstellen."
                )
            },
            status=400,
        )
    user_id, kind = data
    if request.method == "POST":
        notifications.unsubscribe(user_id, kind)
        return render(request, "portal/unsubscribed.html", {"done": True})
    return render(request, "portal/unsubscribed.html", {"done": False})


# --- search --------------------------------------------------------------------------------

SEARCH_PAGE_SIZE = 10
SEARCH_MAX_LENGTH = 200


def _whole_number(value):
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def search(request):
    """The site search: one ranked list over everything the viewer may read, with facets."""
    viewer = get_viewer(request)
    raw = request.GET.get("q", "")
    # control characters (NUL and the like) are no part of any word
    query = " ".join("".join(ch if ch.isprintable() else " " for ch in raw).split())
    shortened = len(query) > SEARCH_MAX_LENGTH
    query = query[:SEARCH_MAX_LENGTH]
    selected = search_sources.source(request.GET.get("typ"))
    sort = request.GET.get("sortierung", "")
    sort = sort if sort in site_search.SORTS else ""
    year, body = _whole_number(request.GET.get("jahr")), _whole_number(request.GET.get("gremium"))
    context = {
        "query": query,
        "shortened": shortened,
        "selected": selected,
        "sort": sort,
        "sorts": site_search.SORTS.items(),
        "year": year,
        "body": body,
        "total": 0,
        "no_words": bool(query) and not site_search.terms(query),
    }
    if query and not context["no_words"]:
        number = min(_whole_number(request.GET.get("seite")) or 1, site_search.MAX_PAGES)
        found = site_search.find(
            viewer,
            query,
            keys=[selected.key] if selected else None,
            year=year,
            body=body,
            sort=sort,
            number=number,
            page_size=SEARCH_PAGE_SIZE,
            name=pagecache.part_name("search", request.GET),
        )
        facets = found.facets_with_sources()
        paginator = Paginator(found, SEARCH_PAGE_SIZE)
        page = paginator.get_page(number)
        context.update(page_obj=page, hits=page.object_list, total=paginator.count, facets=facets)
        if not paginator.count and not (selected or year or body):
            context["suggestion"] = site_search.suggest(viewer, query)
        # the chosen filters as words for the page title, e.g. "Tagesordnungspunkte, Lenkungsgruppe, 2022"
        gremium = next((name for pk, name, _n in facets["bodies"] if pk == body), "") if body else ""
        sorted_by = str(site_search.SORTS[sort]) if sort else ""
        words = [str(selected.label) if selected else "", gremium, str(year or ""), sorted_by]
        context["title_filter"] = ", ".join(w for w in words if w)
    return render(request, "portal/search.html", context)


# --- errors --------------------------------------------------------------------------------


def server_error(request):
    """500, or 503 while the database cannot be reached (rendered without the database)."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.template.loader import render_to_string

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "500.html", status=500)
