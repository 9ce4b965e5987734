"""schema.org ``ClaimReview`` JSON-LD, one per checked claim, for publishing the fact-checks.

Only claims a rule checked against a reference get a review; unverified and waived claims do not.

================  ===========  ===============  ===========================================
status            ratingValue  alternateName    meaning
================  ===========  ===============  ===========================================
verified          5            ``Accurate``     within tolerance of the cited reference
contradicted      2            ``Outdated``     matches an older value; a newer one differs
(``outdated``)
contradicted      1            ``Inaccurate``   outside the tolerance of the cited reference
================  ===========  ===============  ===========================================

``bestRating`` 5, ``worstRating`` 1.  ``itemReviewed`` is the ``Claim`` with its appearance (the
article's URL or path, title and publication date); ``citation`` is the reference source.  No
``datePublished`` for the review itself (it would make the output depend on the clock).
"""

from __future__ import annotations

from typing import Any

from factcheck.pipeline import RunResult
from factcheck.report import dumps, records

RATINGS: dict[str, tuple[int, str]] = {
    "verified": (5, "Accurate"),
    "outdated": (2, "Outdated"),
    "contradicted": (1, "Inaccurate"),
}
AUTHOR = {"@type": "Organization", "name": "factcheck"}


def rating(r: dict[str, Any]) -> tuple[int, str] | None:
    status = str(r.get("status"))
    if status == "contradicted" and r.get("outdated"):
        return RATINGS["outdated"]
    return RATINGS.get(status) if status in ("verified", "contradicted") else None


def document(run: RunResult) -> dict[str, Any]:
    graph: list[dict[str, Any]] = []
    for d in run.docs:
        where = d.url or d.doc
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": where}
        if d.title:
            appearance["headline"] = d.title
        if d.date:
            appearance["datePublished"] = d.date
        for r in records(run.frame(d.doc)):
            rate = rating(r)
            if rate is None:
                continue
            review: dict[str, Any] = {
                "@type": "ClaimReview",
                "@id": f"{where}#claim-{r['claim_id']}",
                "claimReviewed": " ".join(str(r.get("sentence") or r.get("text")).split()),
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": appearance,
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": rate[0],
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": rate[1],
                },
                "reviewBody": str(r.get("explanation") or ""),
                "author": AUTHOR,
            }
            if d.date:
                review["itemReviewed"]["datePublished"] = d.date
            if r.get("ref_source") or r.get("ref_url"):
                cite: dict[str, Any] = {"@type": "CreativeWork"}
                if r.get("ref_source"):
                    cite["name"] = r["ref_source"]
                if r.get("ref_url"):
                    cite["url"] = r["ref_url"]
                review["citation"] = cite
            graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def render(run: RunResult) -> str:
    return dumps(document(run))
