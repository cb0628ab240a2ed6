"""Faults survived, nothing lost: one fault at a time under a bounded load against the production
setup (see conftest.py). Each scenario asserts its figures and adds them to the summary
(var/faults/summary.json, .md); docs/reliability.md keeps the measured ones."""

import hashlib
import os
import time

import psycopg
import requests

from tests import servers
from tests.faults.conftest import (
    EDITOR,
    MEMBER,
    NEW_TITLE,
    ORG_ADMIN,
    TOTP_SECRET,
    Load,
    by_status,
    kill,
    stop,
    wait_for,
)
from tests.portal.test_accounts import totp_code

OUTAGE = 3.0  # seconds each outage lasts


def sql(query, *params):
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
        return connection.execute(query, params).fetchall()


def targets(stack, session):
    cookies = {"sessionid": session.cookies["sessionid"]}
    found = []
    for name, app in zip("ab", stack.apps, strict=True):
        found += [(f"{name} anonymous /", app.url + "/", None), (f"{name} member", app.url + "/mein-bereich/", cookies)]
    return found


def server_errors(records):
    return [r for r in records if r["status"] == "connection-error" or r["status"] >= 500]


def test_two_app_servers_share_page_cache_purges_and_sessions(stack, summary):
    a, b = stack.apps
    load = Load([(f"{n} anonymous /", app.url + "/", None) for n, app in zip("ab", stack.apps, strict=True)])
    load.start()
    for app in (a, b):
        servers.get(app.url, "/")
        assert servers.get(app.url, "/").headers["X-Page-Cache"] == "hit"
    # published through app server a (admin, with the second factor): purged in both
    editor = requests.Session()
    assert servers.login(editor, a.url, EDITOR).status_code == 302
    code = totp_code(TOTP_SECRET)
    token = servers.csrf_token(editor, a.url + "/konto/2fa/authenticate/")
    response = editor.post(a.url + "/konto/2fa/authenticate/", {"code": code, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "/konto/2fa/" not in response.url, response.url
    publish = f"{a.url}/admin/bulk/wagtailcore/page/publish/?id={stack.home_pk}&next=/admin/"
    token = servers.csrf_token(editor, publish)
    published_at = load.now()
    response = editor.post(publish, {"csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.status_code
    for app in (a, b):
        # the new page (the load may have cached it again already): nothing stale in either
        assert NEW_TITLE in servers.get(app.url, "/").text
    # logged in through a, logged out through b: the old cookie is dead in both
    member = stack.member_session(app=a)
    cookie = {"sessionid": member.cookies["sessionid"]}
    assert servers.get(b.url, "/mein-bereich/", cookie).status_code == 200
    assert servers.logout(member, b.url).status_code == 302
    refused = [servers.get(app.url, "/mein-bereich/", cookie) for app in (a, b, a, b)]
    records = load.stop()
    after = [r for r in records if r["t"] > published_at + 2]
    assert all(r.status_code == 302 and "/konto/login/" in r.headers["Location"] for r in refused)
    assert not server_errors(records)
    summary.add(
        "two app servers",
        requests_sent=len(records) + 4,
        errors_by_status=by_status(server_errors(records)),
        old_cookie_answers_after_logout=by_status([{"status": r.status_code} for r in refused]),
        anonymous_responses_after_publish=len(after),
    )


def test_redis_stopped_and_started(stack, summary):
    member = stack.member_session()
    load = Load(targets(stack, member))
    load.start()
    time.sleep(1.5)
    stack.redis.stop()
    down = load.now()
    time.sleep(OUTAGE)
    # a new login, a page of the members' area and a logout work from the database alone
    browser = stack.member_session(app=stack.apps[1])
    assert (
        servers.get(stack.apps[0].url, "/mein-bereich/", {"sessionid": browser.cookies["sessionid"]}).status_code == 200
    )
    assert servers.logout(browser, stack.apps[0].url).status_code == 302
    up = load.now()  # before the start: a request after it may be answered from Redis again
    stack.redis.start()

    def page_cache_serves_again():
        return all(servers.get(app.url, "/").headers.get("X-Page-Cache") == "hit" for app in stack.apps)

    recovery = wait_for(page_cache_serves_again, timeout=15)
    records = load.stop()
    during = load.between(down, up)
    assert during and not server_errors(records)
    assert all(r["status"] == 200 for r in during), by_status(during)
    assert not [r for r in during if r["cache"] == "hit"]  # the page cache is bypassed, not stale
    summary.add(
        "Redis stopped and started",
        requests_sent=len(records),
        requests_during_outage=len(during),
        errors_by_status_during_outage=by_status(r for r in during if r["status"] != 200),
        page_cache_recovery_seconds=round(recovery, 2),
    )


def test_postgres_restarted(stack, summary):
    member = stack.member_session()
    booted = stack.worker_booted()
    load = Load(targets(stack, member))
    load.start()
    time.sleep(1.5)
    stack.postgres.stop()
    down = load.now()
    time.sleep(OUTAGE)
    up = load.now()  # before the start: the server accepts connections before pg_ctl returns
    stack.postgres.start()

    def members_area_answers():
        cookies = {"sessionid": member.cookies["sessionid"]}
        return all(servers.get(app.url, "/mein-bereich/", cookies).status_code == 200 for app in stack.apps)

    recovery = wait_for(members_area_answers, timeout=20)
    time.sleep(1)
    records = load.stop()
    during = load.between(down, up)
    unavailable = [r for r in during if r["status"] == 503]
    assert unavailable and all(r["german_503"] for r in unavailable)
    # each request during the outage: a page from the page cache, or the German 503 page within 2 s
    assert all(r["status"] == 200 and r["cache"] == "hit" or r["status"] == 503 for r in during), by_status(during)
    assert max(r["seconds"] for r in unavailable) < 2.0
    assert not [r for r in records if r["status"] == "connection-error" or r["status"] == 500]
    assert all(r["status"] == 200 for r in load.between(up + recovery + 0.5, 1e9))
    assert stack.worker_booted() == booted  # no app worker was restarted
    summary.add(
        "PostgreSQL restarted",
        requests_sent=len(records),
        requests_during_outage=len(during),
        errors_by_status_during_outage=by_status(r for r in during if r["status"] != 200),
        slowest_503_seconds=round(max(r["seconds"] for r in unavailable), 3),
        recovery_seconds=round(recovery, 2),
        app_workers_restarted=stack.worker_booted() - booted,
    )


def test_smtp_unreachable(stack, summary):
    admin = stack.member_session(ORG_ADMIN)
    load = Load(targets(stack, stack.member_session()))
    load.start()
    worker = stack.task_worker("smtp-worker")
    try:
        stack.sink.stop()
        sent_before = len(stack.sink.messages)
        people = f"{stack.apps[0].url}/mein-bereich/organisation/{stack.org_pk}/"
        token = servers.csrf_token(admin, people)
        invited = "neu@awo.example.org"
        response = admin.post(
            people, {"email": invited, "role": "member", "csrfmiddlewaretoken": token}, allow_redirects=False
        )
        assert response.status_code == 302
        stack.shell(
            "from portal.models import User, NotificationKind\nfrom portal.notifications import notify\n"
            f"notify([User.objects.get(email={MEMBER!r})], NotificationKind.MINUTES_APPROVED, "
            "'Niederschrift freigegeben', 'Text', '/sitzungen/')"
        )
        time.sleep(OUTAGE)
        unsent = sql(
            "SELECT (SELECT count(*) FROM portal_invitation WHERE email = %s AND sent_at IS NULL),"
            " (SELECT count(*) FROM portal_notification WHERE sent_at IS NULL AND digest = false)",
            invited,
        )[0]
        assert unsent == (1, 1)
        assert len(stack.sink.messages) == sent_before
        stack.sink.start()
        back = time.monotonic()

        def both_sent():
            return stack.sink.to(invited) and stack.sink.to(MEMBER)

        recovery = wait_for(both_sent, timeout=30)
        time.sleep(2)  # a late retry would show as a second mail
    finally:
        stop(worker)
        records = load.stop()
    assert len(stack.sink.to(invited)) == 1 and len(stack.sink.to(MEMBER)) == 1
    left = sql(
        "SELECT (SELECT count(*) FROM portal_invitation WHERE sent_at IS NULL),"
        " (SELECT count(*) FROM portal_notification WHERE sent_at IS NULL AND digest = false)"
    )[0]
    assert left == (0, 0)
    assert not server_errors(records)
    summary.add(
        "SMTP unreachable",
        requests_sent=len(records) + 1,
        errors_by_status=by_status(server_errors(records)),
        mails_sent_after_recovery=2,
        recovery_seconds=round(recovery, 2),
        mails_lost=0,
        mails_doubled=0,
        seconds_since_back=round(time.monotonic() - back, 1),
    )


DOCUMENT = """
import io
import docx
from django.core.files.base import ContentFile
from documents.models import PortalDocument
document = docx.Document()
for number in range(6000):
    document.add_paragraph(f"Absatz {number}: Integration, Zuwanderung und Wohnraumsicherung in Hagen.")
document.add_paragraph("Schlussabsatz mit der Marke Quartiersmanagement-Altenhagen")
data = io.BytesIO()
document.save(data)
row = PortalDocument(title="Umfangreiches Konzept", audience="staff")  # staff only: no announcement mails
row.file.save("konzept.docx", ContentFile(data.getvalue()), save=False)
row.save()
print(row.pk)
"""


ROW_COUNTS = "SELECT (SELECT count(*) FROM portal_notification), (SELECT count(*) FROM documents_portaldocument)"


def task_status(name):
    query = "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s ORDER BY enqueued_at"
    rows = sql(query, f"%.{name}")
    return [status for (status,) in rows]


def test_task_worker_killed_in_the_middle(stack, summary):
    load = Load(targets(stack, stack.member_session()))
    load.start()
    figures = {}
    rows_before = sql(
        "SELECT (SELECT count(*) FROM portal_notification), (SELECT count(*) FROM documents_portaldocument)"
    )
    try:
        # 1. a notification mail: the worker is killed while it talks to the mail server
        stack.sink.delay = 30
        stack.sink.sending.clear()
        stack.shell(
            "from portal.models import User, NotificationKind\nfrom portal.notifications import notify\n"
            f"notify([User.objects.get(email={MEMBER!r})], NotificationKind.MINUTES_APPROVED,"
            " 'Mitten im Versand', 'Text')"
        )
        worker = stack.task_worker("killed-1")
        assert stack.sink.sending.wait(60)
        kill(worker)
        assert task_status("send_notification")[-1] == "RUNNING"
        assert sql(
            "SELECT count(*) FROM portal_notification WHERE subject = 'Mitten im Versand' AND sent_at IS NULL"
        ) == [(1,)]
        stack.sink.delay = 0
        # 2. the daily digest (cron): killed while sending, run again
        stack.shell(
            "from portal.models import Notification, User\n"
            f"user = User.objects.get(email={MEMBER!r})\n"
            "for n in range(3): Notification.objects.create(user=user, kind='new_document',"
            " subject=f'Für die Zusammenfassung {n}', text='Text', digest=True)"
        )
        stack.sink.delay = 30
        stack.sink.sending.clear()
        digest = stack.manage_process("send_digests")
        assert stack.sink.sending.wait(60)
        kill(digest)
        assert sql("SELECT count(*) FROM portal_notification WHERE digest AND sent_at IS NULL") == [(3,)]
        stack.sink.delay = 0
        # 3. text extraction of a large document: killed in the middle, nothing half-written
        document = int(stack.shell(DOCUMENT))
        worker = stack.task_worker("killed-2")
        wait_for(lambda: "RUNNING" in task_status("process_document"), timeout=60, interval=0.02)
        time.sleep(0.2)
        kill(worker)
        extraction_killed = task_status("process_document") == ["RUNNING"]
        assert sql("SELECT sha512, extracted_text FROM documents_portaldocument WHERE id = %s", document) == [("", "")]
        # what cron and the worker's start do: the killed worker's tasks run again
        start = time.monotonic()
        for worker_id in ("killed-1", "killed-2"):
            stack.manage("requeue_tasks", "--worker-id", worker_id)
        stack.manage("send_digests")
        worker = stack.task_worker("restarted")
        wait_for(lambda: set(task_status("process_document")) == {"SUCCESSFUL"}, timeout=90)
        wait_for(lambda: "Mitten im Versand" in [m["subject"] for m in stack.sink.to(MEMBER)], timeout=30)
        recovery = time.monotonic() - start
        time.sleep(2)
        stop(worker)
    finally:
        stack.sink.delay = 0
        records = load.stop()
    subjects = [m["subject"] for m in stack.sink.to(MEMBER)]
    assert subjects.count("Mitten im Versand") == 1
    assert sum("Zusammenfassung" in s for s in subjects) == 1
    [(checksum, text)] = sql("SELECT sha512, extracted_text FROM documents_portaldocument WHERE id = %s", document)
    [(path,)] = sql("SELECT file FROM documents_portaldocument WHERE id = %s", document)
    assert checksum == hashlib.sha512((stack.folder / "media" / path).read_bytes()).hexdigest()
    assert text.rstrip().endswith("Quartiersmanagement-Altenhagen") and text.count("Absatz ") == 6000
    rows_after = sql(
        "SELECT (SELECT count(*) FROM portal_notification), (SELECT count(*) FROM documents_portaldocument)"
    )
    assert rows_after[0][0] == rows_before[0][0] + 4 and rows_after[0][1] == rows_before[0][1] + 1
    assert not server_errors(records)
    figures.update(
        requests_sent=len(records),
        errors_by_status=by_status(server_errors(records)),
        extraction_killed_while_running=extraction_killed,
        recovery_seconds=round(recovery, 2),
        mails_lost=0,
        mails_doubled=0,
        rows_lost=0,
        half_written_rows=0,
    )
    summary.add("task worker killed", **figures)
