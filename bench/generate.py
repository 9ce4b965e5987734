#!/usr/bin/env python3
"""Seeded generator of synthetic news articles (English, German or mixed) for factcheck benchmarks.

Articles are assembled from invented sentence templates with figures of every claim kind factcheck
extracts (money, counts, percentages, percentage points, quantities, dates, durations, multipliers),
with YAML front matter.  The same seed always gives the same files.

Claim density: ``--figure-share`` is the share of sentences drawn from the templates with figures
(the others still hold relative dates such as "next week").  Measured with the extractor:

=============  ==============================  =========================================
figure share   claims per ~3 KB article         one claim per
=============  ==============================  =========================================
0.02 (default)  ~6                             ~530 characters (the seed article: ~660)
0.2 ("dense")   ~19                            ~160 characters (a figure-heavy report)
=============  ==============================  =========================================

    python bench/generate.py OUT_DIR --count 1000 [--seed 1] [--size 3000] [--mix en,de,mixed]
        [--figure-share 0.02]
"""

# ruff: noqa: E501 - sentence templates read best on one line
from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

COUNTRIES_EN = [
    "Japan",
    "Germany",
    "France",
    "Canada",
    "Brazil",
    "India",
    "Mexico",
    "Poland",
    "Kenya",
    "Chile",
]
COUNTRIES_DE = ["Japan", "Deutschland", "Frankreich", "Kanada", "Brasilien", "Indien", "Mexiko", "Polen"]
FIRMS = ["Nordwind AG", "Helix Systems", "Borealis Foods", "Quartz Mobility", "Lumen Energie", "Arcadia Bank"]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]

Filler = Callable[[random.Random], str]


def _en_number(r: random.Random) -> str:
    return f"{r.randint(2, 900):,}"


def _de_number(r: random.Random) -> str:
    return f"{r.randint(2, 900) * 1000:,}".replace(",", ".")


def _en_dec(r: random.Random) -> str:
    return f"{r.randint(1, 99) / 10:.1f}"


def _de_dec(r: random.Random) -> str:
    return _en_dec(r).replace(".", ",")


EN_SENTENCES: list[Filler] = [
    lambda r: (
        f"{r.choice(COUNTRIES_EN)} reported a trade surplus of about ${r.randint(2, 95)} billion with the United States last year."
    ),
    lambda r: (
        f"Unemployment fell to {_en_dec(r)}% in {r.choice(MONTHS_EN)}, the statistics office said on {r.choice(WEEKDAYS_EN)}."
    ),
    lambda r: f"Some {_en_number(r)} soldiers are stationed in the region, according to the defence ministry.",
    lambda r: (
        f"{r.choice(FIRMS)} said revenue rose by {_en_dec(r)} percent to €{r.randint(1, 40)}.{r.randint(1, 9)} billion in {r.randint(2018, 2025)}."
    ),
    lambda r: f"The new line is {r.randint(12, 480)} km long and will cost more than {r.randint(2, 30)} billion euros.",
    lambda r: (
        f"Inflation eased by {_en_dec(r)} percentage points to {_en_dec(r)} percent on {r.randint(1, 28)} {r.choice(MONTHS_EN)} {r.randint(2019, 2025)}."
    ),
    lambda r: f"Defence spending has doubled to {r.randint(1, 4)} percent of GDP over {r.randint(2, 12)} years.",
    lambda r: (
        f"The company plans to hire {r.randint(50, 5000):,} workers and invest $500 million by {r.randint(2026, 2032)}."
    ),
    lambda r: (
        f"Exports of {r.randint(10, 900)} tonnes of steel were blocked at the border for {r.randint(2, 14)} days."
    ),
    lambda r: (
        f"Roughly one in {r.randint(3, 9)} households now owns an electric car, three times as many as in {r.randint(2010, 2019)}."
    ),
    lambda r: "Officials declined to comment on the talks, which are expected to continue next week.",
    lambda r: "Analysts said the agreement marks a shift in the alliance's priorities after years of tension.",
    lambda r: f"The minister told reporters in {r.choice(COUNTRIES_EN)} that the plan was ambitious but realistic.",
    lambda r: "Critics argue that the measures come too late and do too little for small businesses.",
]

DE_SENTENCES: list[Filler] = [
    lambda r: (
        f"{r.choice(COUNTRIES_DE)} weist einen Handelsüberschuss von etwa {r.randint(2, 95)} Milliarden Dollar mit den USA auf."
    ),
    lambda r: (
        f"Die Arbeitslosenquote sank im {r.choice(MONTHS_DE)} auf {_de_dec(r)} Prozent, teilte das Statistikamt am {r.choice(WEEKDAYS_DE)} mit."
    ),
    lambda r: f"Rund {_de_number(r)} Soldaten sind in der Region stationiert, wie das Ministerium mitteilte.",
    lambda r: (
        f"{r.choice(FIRMS)} steigerte den Umsatz um {_de_dec(r)} Prozent auf {r.randint(1, 40)},{r.randint(1, 9)} Milliarden Euro im Jahr {r.randint(2018, 2025)}."
    ),
    lambda r: (
        f"Die neue Strecke ist {r.randint(12, 480)} Kilometer lang und soll mehr als {r.randint(2, 30)} Milliarden Euro kosten."
    ),
    lambda r: (
        f"Die Inflation ging am {r.randint(1, 28)}. {r.choice(MONTHS_DE)} {r.randint(2019, 2025)} um {_de_dec(r)} Prozentpunkte zurück."
    ),
    lambda r: (
        f"Das Verteidigungsbudget wurde in {r.randint(2, 12)} Jahren auf {r.randint(1, 4)} Prozent des Bruttoinlandsprodukts verdoppelt."
    ),
    lambda r: (
        f"Das Unternehmen will bis {r.randint(2026, 2032)} rund {r.randint(50, 5000)} Mitarbeiter einstellen und 500 Millionen Euro investieren."
    ),
    lambda r: f"An der Grenze wurden {r.randint(10, 900)} Tonnen Stahl {r.randint(2, 14)} Tage lang festgehalten.",
    lambda r: "Die Regierung wollte sich zu den Gesprächen zunächst nicht äußern.",
    lambda r: "Beobachter sehen in der Einigung ein wichtiges Signal für die Zusammenarbeit beider Länder.",
    lambda r: f"Der Minister sagte in {r.choice(COUNTRIES_DE)}, der Plan sei ehrgeizig, aber machbar.",
    lambda r: "Kritiker bemängeln, dass die Maßnahmen zu spät kommen und kleinen Betrieben kaum helfen.",
]

TITLES_EN = ["Trade talks enter a decisive week", "Budget plan faces scrutiny", "Rail project gathers pace"]
TITLES_DE = [
    "Handelsgespräche vor der Entscheidung",
    "Haushaltsplan in der Kritik",
    "Bahnprojekt nimmt Fahrt auf",
]


FIGURE_SHARE = 0.02  # of sentences with figures: ~6 claims per 3 KB article, about the seed article's density
DENSE_FIGURE_SHARE = 0.2  # ~19 claims per 3 KB: a figure-heavy business report, the stress case


def paragraph(r: random.Random, sentences: list[Filler], n: int, share: float = FIGURE_SHARE) -> str:
    figures = [s for s in sentences if "{" in (s.__doc__ or "") or _has_figure(s)]
    plain = [s for s in sentences if s not in figures]
    return " ".join((r.choice(figures) if r.random() < share else r.choice(plain))(r) for _ in range(n))


def _has_figure(s: Filler) -> bool:
    return any(ch.isdigit() for ch in s(random.Random(0)))


def article(r: random.Random, lang: str, size: int, share: float = FIGURE_SHARE) -> str:
    """One article of about ``size`` characters (front matter + paragraphs)."""
    year = r.randint(2020, 2025)
    date = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    title = r.choice(TITLES_DE if lang == "de" else TITLES_EN)
    parts = [f'---\ntitle: "{title}"\ndate: {date}\n---\n']
    length = len(parts[0])
    i = 0
    while length < size:
        if lang == "mixed":
            pool = EN_SENTENCES if i % 2 == 0 else DE_SENTENCES
        else:
            pool = DE_SENTENCES if lang == "de" else EN_SENTENCES
        p = paragraph(r, pool, r.randint(2, 4), share) + "\n\n"
        parts.append(p)
        length += len(p)
        i += 1
    return "".join(parts).rstrip("\n") + "\n"


def generate(
    out: Path,
    count: int,
    *,
    seed: int = 1,
    size: int = 3000,
    mix: tuple[str, ...] = ("en", "de", "mixed"),
    per_folder: int = 1000,
    figure_share: float = FIGURE_SHARE,
) -> list[Path]:
    """Write ``count`` articles below ``out`` (folders of ``per_folder``); return their paths."""
    r = random.Random(seed)
    paths = []
    for i in range(count):
        lang = mix[i % len(mix)]
        folder = out / f"batch-{i // per_folder:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / f"article-{i:06d}-{lang}.md"
        p.write_text(article(r, lang, size, figure_share), encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size", type=int, default=3000, help="approximate characters per article")
    ap.add_argument("--mix", default="en,de,mixed", help="languages to cycle through: en, de, mixed")
    ap.add_argument("--figure-share", type=float, default=FIGURE_SHARE, help="share of sentences with figures")
    args = ap.parse_args(argv)
    mix = tuple(args.mix.split(","))
    generate(args.out, args.count, seed=args.seed, size=args.size, mix=mix, figure_share=args.figure_share)
    print(f"wrote {args.count} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
