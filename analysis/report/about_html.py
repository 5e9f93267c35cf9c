"""The "About this survey" section of the HTML page (text from :mod:`analysis.report.about`).

>>> html = render_about([("About this survey", ["A survey."]), ("Contact", ["Ask us: team@example.org, www.example.org."])])
>>> 'href="mailto:team@example.org"' in html, 'href="https://www.example.org"' in html, html.count("<h3>")
(True, True, 1)
"""

from __future__ import annotations

import re
from html import escape
from typing import Sequence

_LINK = re.compile(r"(?P<mail>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?P<web>(?:https?://|www\.)[\w./%?=&#-]*[\w/])")


def linked(text: str) -> str:
    """Escaped text with e-mail and web addresses as links.

    >>> linked("See www.example.org/a. Or x@y.org")
    'See <a href="https://www.example.org/a">www.example.org/a</a>. Or <a href="mailto:x@y.org">x@y.org</a>'
    """
    out, at = [], 0
    for m in _LINK.finditer(text):
        out.append(escape(text[at:m.start()]))
        found = m.group(0)
        href = f"mailto:{found}" if m.group("mail") else (found if found.startswith("http") else f"https://{found}")
        out.append(f'<a href="{escape(href, quote=True)}">{escape(found)}</a>')
        at = m.end()
    out.append(escape(text[at:]))
    return "".join(out)


def render_about(sections: Sequence[tuple[str, Sequence[str]]], *, id: str = "about-survey") -> str:
    """The section: the first heading as its ``h2`` with its paragraphs, each later heading an ``h3``."""
    (first, intro), *rest = sections
    body = "".join(f"<p>{linked(p)}</p>" for p in intro)
    for heading, paragraphs in rest:
        body += f"<h3>{escape(heading)}</h3>" + "".join(f"<p>{linked(p)}</p>" for p in paragraphs)
    return f'<section id="{id}" class="about-survey"><h2>{escape(first)}</h2>{body}</section>'
