"""A tiny SMTP server on loopback that keeps what it receives, can be stopped and started again on
the same port, and can be made slow (so a sender can be killed in the middle of a mail)."""

import asyncio
import email
import threading
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller

from tests import servers


class SMTPSink:
    def __init__(self):
        self.port = servers.free_port()
        self.messages = []
        self.delay = 0.0
        self.sending = threading.Event()  # a client has started a mail (MAIL FROM)
        self.controller = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.sending.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.messages.append(
            {
                "to": list(envelope.rcpt_tos),
                "message_id": message["Message-ID"],
                "subject": str(make_header(decode_header(message["Subject"]))),
            }
        )
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address):
        return [m for m in self.messages if address in m["to"]]
