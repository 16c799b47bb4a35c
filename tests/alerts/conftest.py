"""Fixtures for the alerts: a real SMTP server on 127.0.0.1 (aiosmtpd) that the archive's
mail settings point at, referater written as text files and ingested, and a real worker."""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
import re
import socket
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import translation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
JAI = "Udvalget for Job, Arbejdsmarked & Integration"
PEOPLE = ("Thomas Bisgaard", "Ole Blickfeldt", "Tina Mandrup", "Christian Harre", "Lotte Greve")


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to an English page leaves English active in this thread, where reverse()
    reads it: the next test starts in the archive's default language."""
    yield
    translation.deactivate()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mail:
    """One message the SMTP server accepted."""

    to: list[str]
    message: email.message.EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.text)

    def path_of(self, word: str) -> str:
        """The path of the text's first link holding `word` (/foelg/bekraeft/ …)."""
        link = next(link for link in self.links() if word in link)
        return re.sub(r"^https?://[^/]+", "", link)


@dataclass
class Inbox:
    """What the SMTP server accepted; `stall_on` makes it hold one address's first message
    until `release` is set (and then refuse it for now, 451), as a server that hangs."""

    mails: list[Mail] = field(default_factory=list)
    stall_on: str | None = None
    stalling: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):
        if self.stall_on in envelope.rcpt_tos and not self.stalling.is_set():
            self.stalling.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(Mail(list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[Mail]:
        return [mail for mail in self.mails if address in mail.to]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port of 127.0.0.1, and the archive's mail sent to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    inbox.port = port
    yield inbox
    inbox.release.set()
    controller.stop()


def referat_text(*, date: str, items: list[tuple[str, str, str]], committee: str = JAI,
                 time: str = "17:00", people: tuple[str, ...] = PEOPLE) -> str:  # fmt: skip
    """A referat in the plain-text format: `date` as 07-04-2026, items as (title, sagsnr,
    decision)."""
    day, month, year = date.split("-")
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]  # fmt: skip
    lines = [
        f"REFERAT {committee} - 2026-2029 d. {date}",
        "",
        f"Mødedato Tirsdag d. {day}. {months[int(month) - 1]} {year} kl. {time}",
        "",
        "Mødested Mødelokale 5, Allerslev",
        "",
        f"Mødedeltagere {', '.join(people)}",
        "",
    ]
    for number, (title, case, decision) in enumerate(items, start=1):
        lines += [f"Punkt {number}: JAI - {title}", ""]
        if case:
            lines += [case, ""]
        lines += ["Beslutning", "", decision, ""]
    return "\n".join(lines)


def ingest(path: Path) -> None:
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def ingest_text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ingest(path)
    return path


def run_worker_until_idle() -> None:
    """A real procrastinate worker on the test database, until no job is left."""
    from procrastinate.contrib.django import app

    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


class _Forms(HTMLParser):
    """The fields of each <form> of a page: [(action, {name: value})]."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1][1][attrs["name"]] = attrs.get("value") or ""


def page_form(html: str, action: str) -> dict:
    """The fields of the page's form that posts to `action`."""
    parser = _Forms()
    parser.feed(html)
    return next(fields for url, fields in parser.forms if url == action)


def follow_form(html: str) -> tuple[str, dict]:
    """The address and fields of the page's "Følg" form."""
    parser = _Forms()
    parser.feed(html)
    return next((url, fields) for url, fields in parser.forms if "kind" in fields)
