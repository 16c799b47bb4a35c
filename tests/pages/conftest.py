"""A small archive built with the factories: two committees, a case across both, people."""

import datetime

import pytest

from meetings.models import municipalities
from tests.factories import make_committee, make_item, make_meeting, make_source_document


@pytest.fixture
def archive(db):
    """Two committees, four meetings, one case treated in three of them."""
    jai = make_committee(name="Udvalget for Job, Arbejdsmarked & Integration", code="JAI")
    kf = make_committee(name="Udvalget for Kultur & Fritid", code="KF")
    people = ("Thomas Bisgaard", "Tina Mandrup", "Lotte Greve")
    m1 = make_meeting(
        committee=jai,
        date=datetime.date(2025, 11, 4),
        period="2022-2025",
        present=people,
        source_document=make_source_document(content=b"%PDF-1.4 x", filename="jai-2025.pdf"),
    )
    m2 = make_meeting(
        committee=kf,
        date=datetime.date(2026, 3, 2),
        present=("Thomas Bisgaard", "Anne Hansen"),
        absent=("Ole Blickfeldt",),
    )
    m3 = make_meeting(
        committee=jai,
        date=datetime.date(2026, 3, 3),
        present=("Thomas Bisgaard", "Tina Mandrup"),
        absent=("Ole Blickfeldt", "Lotte Greve"),
        source_document=make_source_document(content=b"REFERAT JAI", filename="jai-2026.txt"),
    )
    m4 = make_meeting(committee=jai, date=datetime.date(2026, 4, 7), present=people)
    make_item(meeting=m1, number=1, title="Godkendelse af dagsorden", decision="Godkendt")
    make_item(
        meeting=m1,
        number=2,
        title="Ungeløftspuljen",
        case="25-003798",
        decision="Taget til efterretning.",
        sections=[("Resumé", "Første behandling af puljen.")],
    )
    make_item(
        meeting=m2,
        number=1,
        title="Ungeløftspuljen",
        case="25-003798",
        decision="Indstillingerne anbefales.",
    )
    make_item(meeting=m3, number=1, title="Godkendelse af dagsorden", decision="Godkendt")
    make_item(
        meeting=m3,
        number=2,
        title="Tilkendelse af yderligere midler til Ungeløftspuljen",
        case="25-003798",
        decision="Indstillingen tiltrådt.\n\nUdvalget ønsker en status i juni.",
        sections=[
            ("Resumé", "Kort resumé."),
            ("Sagsfremstilling", "Lang tekst. " * 100),
            ("Sagens forløb", "02/03/2026 Udvalget for Kultur & Fritid"),
            ("Bilag", "Bilag 1 - Ansøgning.pdf"),
        ],
        attachments=["Bilag 1 - Ansøgning.pdf"],
        history=[
            (datetime.date(2025, 11, 4), jai, "Taget til efterretning."),
            (datetime.date(2026, 3, 2), kf, "Indstillingerne anbefales."),
        ],
    )
    make_item(meeting=m4, number=1, title="Eventuelt", decision="Intet.", case="26-000920")
    # The pages read the municipalities once per process (and again after a minute): read
    # them now, as a running archive has, so that a page's queries are its own.
    municipalities.forget()
    municipalities.with_meetings()
    return {"jai": jai, "kf": kf, "meetings": [m1, m2, m3, m4]}


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """Each test starts in Danish: a request to an English (/en/) address leaves English
    active in the thread, and a later test's get_absolute_url() would then give /en/ ones."""
    from django.utils import translation

    yield
    translation.activate("da")
