"""Documents on S3-compatible object storage: private objects, served only by the serve view.

Runs against moto's S3 server on a free loopback port, started here.
"""

import contextlib
import socket

import pytest
from django.conf import settings
from django.test import override_settings

from documents.factories import pdf_bytes, portal_document
from portal.access import Audience
from portal.settings.base import s3_storage_options

pytestmark = pytest.mark.django_db

BUCKET = "portal-media-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_S3_REGION_NAME": "eu-central-1"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer

        port = free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
    except Exception as error:  # noqa: BLE001 - any failure to start means: no S3 server here
        pytest.skip(f"moto's S3 server could not start: {error}")
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    import boto3

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=CREDENTIALS["AWS_S3_REGION_NAME"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["AWS_S3_REGION_NAME"]}
        )
    options = s3_storage_options({**CREDENTIALS, "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint})
    storages = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}
    with override_settings(STORAGES=storages):
        yield client


def body_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def test_documents_are_private_objects_in_the_bucket(s3):
    document = portal_document(audience=Audience.PUBLIC, text="Im Eimer")
    key = f"media/{document.file.name}"  # AWS_LOCATION, "media" by default
    assert document.file.name.startswith("documents/")
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == document.file.open("rb").read() and stored.startswith(b"%PDF-")
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")], grants
    assert "Signature" in document.file.url  # a signed, short-lived URL, never a public one


def test_serve_view_streams_from_object_storage_after_the_access_check(s3, people):
    public = portal_document(title="Öffentlich im Eimer", audience=Audience.PUBLIC, text="frei")
    private = portal_document(
        title="Organisation im Eimer", audience=Audience.ORGANISATION, organisation=people.org_a, text="geheim"
    )
    response = people.client("anonymous").get(public.url)
    assert response.status_code == 200
    assert body_of(response) == pdf_bytes("frei")

    anonymous = people.client("anonymous").get(private.url)
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    assert people.client("member_b").get(private.url).status_code in (403, 404)

    member = people.client("member_a").get(private.url)
    assert member.status_code == 200
    assert member["Cache-Control"] == "private, no-store"
    assert body_of(member) == pdf_bytes("geheim")
