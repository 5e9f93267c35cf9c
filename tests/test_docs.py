"""README and docs/: every relative link and anchor resolves, the README stays a short way in, every dependency named."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^(```|~~~)")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"`+[^`]*`+")


def prose(text: str) -> list[str]:
    """The page's lines outside fenced code blocks, with inline code removed."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line.lstrip()):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.

    >>> slug("Sized images (`analysis/figures/sized.py`)")
    'sized-images-analysisfiguressizedpy'
    >>> slug("What every number is: published, derived or invented")
    'what-every-number-is-published-derived-or-invented'
    """
    text = heading.strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose(page.read_text(encoding="utf-8")):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(page: Path) -> list[str]:
    out = []
    for line in prose(page.read_text(encoding="utf-8")):
        out += LINK.findall(CODE_SPAN.sub("", line))
    return out


def test_the_link_finder_sees_links_and_images_but_not_code():
    page = "[a](x.md#y) and ![b](img/c.png) `[d](no.md)`\n```\n[e](no2.md)\n```\n# Head (`x.py`)\n"
    lines = prose(page)
    assert [LINK.findall(CODE_SPAN.sub("", line)) for line in lines][0] == ["x.md#y", "img/c.png"]
    assert lines[-1] == "# Head (`x.py`)" and not any("no2" in line for line in lines)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_and_anchor_resolves(page):
    broken = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ... : not checked offline
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading gives #{anchor}")
    assert not broken, f"{page.name}: " + "; ".join(broken)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_docs_page_named_in_code_exists(page):
    named = set(re.findall(r"`(docs/[\w./-]+\.md)`", page.read_text(encoding="utf-8")))
    assert not [n for n in named if not (REPO / n).is_file()]


def test_the_readme_is_a_short_way_in_that_starts_with_the_two_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= 150
    assert lines[2] == "```sh" and lines[3].startswith("make reproduce   #") and lines[4].startswith("make test ")
    for page in ("pipeline", "reproduction", "waves", "codebook", "outputs", "benchmarks", "bad-input"):
        assert f"(docs/{page}.md)" in text, page
    assert re.search(r"!\[[^\]]+\]\(docs/images/[\w.-]+\.png\)", text)  # one figure, with its alt text


def test_every_dependency_is_pinned_in_the_lock_and_named_in_the_readme():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep:
            lock[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = {re.sub(r"[-_.]+", "-", cell.strip().lower()) for row in re.findall(r"^\| ([^|]+) \|", readme, re.M)
             for cell in row.split(",")}
    for requirement in project["dependencies"]:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower())
        assert name in lock, f"{name} is not pinned in requirements.lock"
        assert name in table, f"{name} has no line in the README's dependency table"
