"""The real-export fixtures are the published files, byte for byte, each with its attribution."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.conftest import CORPUS_FIXTURES

ROW = re.compile(r"^\| (\S+) \| .+ \| [0-9a-f]{40} \| (.+) \| ([0-9a-f]{40}) \|$")


def attribution() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in (CORPUS_FIXTURES / "ATTRIBUTION.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3))
    return rows


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's bytes: SHA-1 of ``blob <size>\\0`` and the bytes."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def test_git_blob_id_of_a_known_text():
    # `printf 'hello\n' | git hash-object --stdin` prints this id.
    assert git_blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_every_fixture_has_an_attribution_and_every_attribution_a_fixture():
    on_disk = {p.relative_to(CORPUS_FIXTURES).as_posix() for p in CORPUS_FIXTURES.rglob("*")
               if p.is_file() and p.name not in ("ATTRIBUTION.md", ".gitattributes")}
    assert on_disk == set(attribution())
    assert len(on_disk) == 27


@pytest.mark.parametrize("name", sorted(attribution()))
def test_fixture_is_the_published_file(name):
    licence, blob = attribution()[name]
    assert re.match(r"(MIT|Apache-2\.0|CC BY 4\.0)\b", licence), licence
    assert git_blob_id((CORPUS_FIXTURES / name).read_bytes()) == blob
