"""News golden set: realistic articles (en, de, mixed) and the claims an annotator expects.

Articles and expected claims live in tests/golden/news/ (one ``*.md`` and ``*.expected.yaml`` per
article; format in tests/golden/news/score.py).  A new case is a new pair of files.  Precision and
recall per article: ``python tests/golden/news/score.py -v``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

NEWS = Path(__file__).parent / "golden" / "news"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("news_score", NEWS / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


score = _scorer()


@pytest.mark.parametrize("path", score.articles(), ids=lambda p: p.stem)
def test_news_article(path: Path) -> None:
    res = score.score(path)
    assert not res.problems(), f"{path.name}:\n" + "\n".join(res.problems())


def test_every_article_has_expectations() -> None:
    arts = score.articles()
    assert len(arts) >= 12
    for p in arts:
        assert p.with_suffix(".expected.yaml").exists(), p


def test_expected_spans_are_found_in_order() -> None:
    for p in score.articles():
        doc, todo, skipped = score.load(p)
        for e in todo + skipped:
            assert doc.body[e.start : e.end] == e.spec["text"]
