"""Claims frame: ids stable when unrelated text moves, sentences, schema."""

from __future__ import annotations

from factcheck.claims import build_claims, sentence_spans
from factcheck.models import Document, Mention
from factcheck.schema import CLAIM_COLUMNS


def _mention(body: str, needle: str, value: float) -> Mention:
    s = body.index(needle)
    return Mention(start=s, end=s + len(needle), text=needle, kind="count", value=value, unit="count")


def test_claim_id_survives_edits_elsewhere() -> None:
    body = "Intro line.\nRund 50.000 Soldaten sind dort.\n"
    moved = "A new first paragraph.\n\nIntro line, changed.\nRund 50.000 Soldaten sind dort.\n"
    a = build_claims(Document(doc="x.txt", body=body), [_mention(body, "50.000", 50000)])
    b = build_claims(Document(doc="x.txt", body=moved), [_mention(moved, "50.000", 50000)])
    assert a["claim_id"][0] == b["claim_id"][0]
    assert a["line"][0] == 2 and b["line"][0] == 4


def test_claim_id_changes_with_the_claim_and_repeats_are_distinct() -> None:
    body = "Es sind 5 Schiffe. Es sind 5 Schiffe."
    first = body.index("5")
    second = body.index("5", first + 1)
    ms = [
        Mention(start=first, end=first + 1, text="5", kind="count", value=5.0, unit="count"),
        Mention(start=second, end=second + 1, text="5", kind="count", value=5.0, unit="count"),
    ]
    frame = build_claims(Document(doc="x.txt", body=body), ms)
    assert frame["claim_id"].nunique() == 2
    other = build_claims(
        Document(doc="x.txt", body=body.replace("5", "6", 1)),
        [Mention(start=first, end=first + 1, text="6", kind="count", value=6.0, unit="count")],
    )
    assert other["claim_id"][0] not in set(frame["claim_id"])


def test_sentences_do_not_break_at_german_ordinal_dates_or_abbreviations() -> None:
    text = "Seit seinem Amtsantritt am 20. Januar in Washington. Die U.S. Army zählt 5 Divisionen."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Seit seinem Amtsantritt am 20. Januar in Washington.", "Die U.S. Army zählt 5 Divisionen."]


def test_frame_has_the_documented_columns_and_related_ids() -> None:
    body = "Das Budget wurde auf zwei Prozent verdoppelt."
    s = body.index("zwei Prozent")
    v = body.index("verdoppelt")
    ms = [
        Mention(start=s, end=s + 12, text="zwei Prozent", kind="percent", value=2.0, unit="percent"),
        Mention(start=v, end=v + 10, text="verdoppelt", kind="multiplier", value=2.0, related=0),
    ]
    frame = build_claims(Document(doc="x.txt", body=body), ms)
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    assert frame.loc[1, "related"] == frame.loc[0, "claim_id"]
    assert frame.loc[0, "sentence"] == body


def test_a_year_or_figure_before_a_full_stop_ends_the_sentence() -> None:
    text = "It opened on 3 March 2024. In the same year it grew by 4.5. Then it shrank."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["It opened on 3 March 2024.", "In the same year it grew by 4.5.", "Then it shrank."]
