"""send_report_reminders: due within 14 days, overdue (weekly), never twice, with preferences."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from contracts.factories import ContractReportFactory
from contracts.models import ContractReport, ReportReminder
from portal.models import Frequency, NotificationKind, NotificationPreference

pytestmark = pytest.mark.django_db


def at(day, hour=7):
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=datetime.UTC)


@pytest.fixture
def run(django_capture_on_commit_callbacks, capsys):
    def run():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_report_reminders")
        return capsys.readouterr().out

    return run


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_due_soon_reminder_is_sent_once(people, kim, time_machine, run):
    # report_a and report_b are due on 31.07.2026
    time_machine.move_to(at("2026-07-16"))  # 15 days before: nothing yet
    assert "0 report(s)" in run()
    assert mail.outbox == []

    time_machine.move_to(at("2026-07-17"))  # 14 days before
    output = run()
    assert "2 report(s) reminded" in output
    assert recipients() == sorted([people.users[r].email for r in ("member_a", "org_admin", "member_b")])
    message = next(m for m in mail.outbox if people.users["member_b"].email in m.to)
    assert "Bald fällige Berichte von Caritas-T" in message.subject
    assert "fällig am 31.07.2026" in message.body and "56-B-1" in message.body
    assert "56-A-1" not in message.body  # each provider hears only about its own reports
    assert "/mein-bereich/vertraege/" in message.body

    # the same day again, and the following days: nothing twice
    assert "0 report(s)" in run()
    time_machine.move_to(at("2026-07-17", 18))
    assert "0 report(s)" in run()
    time_machine.move_to(at("2026-07-25"))
    assert "0 report(s)" in run()
    assert mail.outbox == []
    assert ReportReminder.objects.filter(stage="due_soon").count() == 2


def test_overdue_reminder_once_then_weekly(people, kim, time_machine, run):
    time_machine.move_to(at("2026-08-01"))  # one day overdue
    assert "2 report(s) reminded" in run()
    message = next(m for m in mail.outbox if people.users["member_a"].email in m.to)
    assert "Überfällige Berichte von AWO-T" in message.subject
    assert "überfällig seit 31.07.2026" in message.body
    assert "0 report(s)" in run()  # twice a day sends nothing twice
    time_machine.move_to(at("2026-08-07"))
    assert "0 report(s)" in run()
    time_machine.move_to(at("2026-08-08"))  # a week later: once more
    assert "2 report(s) reminded" in run()
    assert "0 report(s)" in run()


def test_submitted_reports_are_not_reminded(people, kim, time_machine, run):
    kim.report_a.status = ContractReport.Status.SUBMITTED
    kim.report_a.save()
    kim.report_b.status = ContractReport.Status.ACCEPTED
    kim.report_b.save()
    time_machine.move_to(at("2026-08-01"))
    assert "0 report(s)" in run()
    assert mail.outbox == []


def test_one_mail_lists_due_and_overdue_reports_of_a_provider(people, kim, time_machine, run):
    ContractReportFactory(
        contract=kim.contract_a,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 7, 31),
        due_date=datetime.date(2026, 8, 10),
    )
    time_machine.move_to(at("2026-08-01"))
    run()
    to_a = [m for m in mail.outbox if people.users["member_a"].email in m.to]
    assert len(to_a) == 1
    assert "überfällig seit 31.07.2026" in to_a[0].body and "fällig am 10.08.2026" in to_a[0].body


def test_preferences_apply(people, kim, time_machine, run):
    NotificationPreference.objects.create(
        user=people.users["org_admin"], kind=NotificationKind.REPORT_REMINDER, frequency=Frequency.OFF
    )
    time_machine.move_to(at("2026-07-20"))
    run()
    assert people.users["org_admin"].email not in recipients()
    assert people.users["member_a"].email in recipients()


def test_a_provider_without_members_is_reminded_once_someone_joins(people, kim, time_machine, run):
    people.org_b.memberships.update(active=False)
    time_machine.move_to(at("2026-07-20"))
    assert "1 report(s) reminded" in run()  # only A's
    assert not ReportReminder.objects.filter(report=kim.report_b).exists()
    people.org_b.memberships.update(active=True)
    time_machine.move_to(at("2026-07-21"))
    assert "1 report(s) reminded" in run()
    assert recipients() == [people.users["member_b"].email]
