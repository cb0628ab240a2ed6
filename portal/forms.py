from django import forms
from django.contrib.auth import password_validation
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from .models import Frequency, Invitation, Membership, NotificationKind, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "publish_in_oparl"]
        labels = {"first_name": _("Vorname"), "last_name": _("Nachname")}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(organisation=self.organisation, user__email=email, active=True).exists():
            raise forms.ValidationError(_("Diese Person ist bereits Mitglied Ihrer Organisation."))
        if Invitation.objects.pending().filter(organisation=self.organisation, email=email).exists():
            raise forms.ValidationError(
                _("An diese Adresse wurde bereits eine Einladung verschickt. Sie können sie erneut senden.")
            )
        return email


class AcceptInvitationForm(forms.Form):
    """For a new person: name and password; the e-mail address comes from the invitation."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif p1:
            user = User(
                email=self.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht korrekt."))
        return password


class NotificationSettingsForm(forms.Form):
    """One choice per kind of notification."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=current[kind.value], widget=forms.RadioSelect
            )


class PortalFormRenderer(DjangoTemplates):
    """Django's renderer with the portal's markup for one field (``{{ field.as_field_group }}``)."""

    field_template_name = "portal/field.html"
