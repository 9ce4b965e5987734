"""HTML review report (placeholder renderer; the full report lives in issue 6).

Self-contained: no external loads.  Article text is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

import html as _html

from factcheck.pipeline import RunResult
from factcheck.report import records, totals


def render(run: RunResult) -> dict[str, str]:
    t = totals(run)
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'><title>factcheck report</title>",
           "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
           "</head><body><main><h1>factcheck report</h1>",
           f"<p>{t['verified']} verified, {t['contradicted']} contradicted, {t['unverified']} unverified</p>"]
    for d in run.docs:
        body = run.body(d.doc)
        out.append(f"<section><h2>{_html.escape(d.doc)}</h2><pre>")
        pos = 0
        for r in records(run.frame(d.doc)):
            s, e = int(r["start"]), int(r["end"])
            out.append(_html.escape(body[pos:s]))
            out.append(f"<mark class='{r['status']}' title='{_html.escape(str(r['explanation']))}'>"
                       f"{_html.escape(body[s:e])}</mark>")
            pos = e
        out.append(_html.escape(body[pos:]) + "</pre></section>")
    out.append("</main></body></html>\n")
    return {"index.html": "".join(out)}
