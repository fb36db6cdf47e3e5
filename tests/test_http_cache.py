"""Public pages the same for everyone are cacheable: ETag, Last-Modified, 304 when unchanged."""

from __future__ import annotations

import pytest

from portal.stats.publish import publish_months

from . import figures_data as fd
from .test_stats_pages import published, resolved  # noqa: F401  (fixture)

PAGES = [
    "/vi/stats",
    "/vi/stats/2022-07",
    "/en/late-agencies",
    "/en/late-agencies/2022-07",
    "/vi/stats/feed.atom",
    "/vi/stats/corrections",
    "/vi/stats/corrections.atom",
]


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("url", PAGES)
def test_a_published_page_is_cacheable_and_answers_304_when_unchanged(client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first.headers["Cache-Control"]
    assert "s-maxage=300" in first.headers["Cache-Control"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    since = client.get(url, headers={"If-Modified-Since": modified})
    assert since.status_code == 304


@pytest.mark.usefixtures("published")
def test_a_correction_changes_the_etag_and_the_date(client):
    url = "/vi/stats/2022-07"
    first = client.get(url)
    with client.application.app_context():
        fd.add_dossiers(
            [resolved("L9", "P2", "2022-07-10 08:00", "2022-07-12 17:00", "2022-07-15 10:00")]
        )
        fd.refresh_and_commit()
        publish_months(["2022-07"], note="Bổ sung")
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "Bổ sung" in second.get_data(as_text=True)


def test_a_procedure_page_is_cacheable_by_its_etag(client, catalogue):
    first = client.get("/vi/procedures/1.009972")
    assert first.status_code == 200 and "public" in first.headers["Cache-Control"]
    again = client.get("/vi/procedures/1.009972", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.usefixtures("published")
def test_errors_and_private_pages_are_not_offered_to_shared_caches(client):
    missing = client.get("/vi/stats/2030-01")
    assert missing.status_code == 404 and "public" not in missing.headers.get("Cache-Control", "")
    assert "ETag" not in missing.headers
    staff = client.get("/vi/staff/login")
    assert "no-store" in staff.headers["Cache-Control"] and "ETag" not in staff.headers
