"""Personal data in any text: e-mail addresses, phone, NHS and IP numbers, postcodes, URLs, names.

One module answers "does this text hold personal data, and where?" for every
stage: ingest refuses ids and labels that hold it and redacts it from kept text,
``add-wave`` drafts ``pseudonymise = true`` for ids that hold it, the codebook
checks refuse labels and titles that hold it, and error lines show its kind in
its place. A match is found anywhere in the text, not only when it is the whole
cell.

=======================  =====================================================  ===============
kind                     how it is found                                        redacted as
=======================  =====================================================  ===============
e-mail addresses         ``name@domain.tld``                                    ``[e-mail]``
URLs with query strings  ``http(s)://`` or ``www.`` with ``?``                  ``[URL]``
IP addresses             candidates confirmed by :mod:`ipaddress` (v4, v6)      ``[IP address]``
NHS numbers              ten digits (3-3-4) passing the modulus-11 check        ``[NHS number]``
postcodes                the UK postcode format                                 ``[postcode]``
phone numbers            ``phonenumbers``' matcher, UK by default               ``[phone]``
=======================  =====================================================  ===============

People's names inside sentences cannot be found by pattern; a column of names is
judged as a whole (:func:`name_rows`, :func:`label_names`). Kept text
(``keep = true``) is therefore for text without names, and it never reaches an
output: it stays in the processed frame for the analyst.

>>> kinds("ring jane.doe@example.org or 07700900000 please")
['e-mail addresses', 'phone numbers']
>>> redact("North (contact jane.doe@example.org), SW1A 1AA, 2001:db8::10")
('North (contact [e-mail]), [postcode], [IP address]', {'e-mail addresses': 1, 'postcodes': 1, 'IP addresses': 1})
>>> shown("NHS 943 476 5919 here")
'NHS (NHS number) here'
>>> kinds("R_3kXj1abc"), kinds("2013-05-01 10:31:00"), kinds("0.123456789"), kinds("1001"), kinds("Q5 Health visitor")
([], [], [], [], [])

Notes
-----
A phone number is a candidate of ``phonenumbers``' matcher at leniency
``POSSIBLE`` (which, unlike ``VALID``, keeps Ofcom's drama ranges such as
07700 900xxx) that starts with ``+``, ``(`` or the trunk ``0`` and has at least
ten digits; a decimal number (``0.123456789``) is not one. The NHS number's
check digit is verified by ``python-stdnum``.

References
----------
.. [1] Google, libphonenumber (Python port ``phonenumbers``),
   https://github.com/daviddrysdale/python-phonenumbers
.. [2] NHS Data Dictionary, "NHS Number" (modulus 11 check digit),
   https://www.datadictionary.nhs.uk/attributes/nhs_number.html
.. [3] Royal Mail, Programmers' Address File guide, postcode format;
   UK Government Data Standards Catalogue, "Postcode" pattern.
.. [4] Python standard library, :mod:`ipaddress`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Each kind's token in redacted text, in the order kinds are searched.
TOKENS = {
    "e-mail addresses": "[e-mail]",
    "URLs with query strings": "[URL]",
    "IP addresses": "[IP address]",
    "NHS numbers": "[NHS number]",
    "postcodes": "[postcode]",
    "phone numbers": "[phone]",
}

_EMAIL = re.compile(r"[^@\s<>()\[\]{},;:\"'`]+@[^@\s<>()\[\]{},;:\"'`]+\.[A-Za-z]{2,}")
_URL = re.compile(r"(?:https?://|www\.)[^\s?#]*\?\S+", re.IGNORECASE)
_IPV4 = re.compile(r"(?<!\d)(?<!\d\.)(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
_NHS = re.compile(r"(?<!\d)(?<!\d\.)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\.?\d)")
_POSTCODE = re.compile(r"(?<![0-9A-Za-z])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})"
                       r"(?![0-9A-Za-z])", re.IGNORECASE)
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
_DIGIT = re.compile(r"\d")
#: A text lacking all of these holds no personal data a pattern finds (a vectorised first sieve).
NEEDS = r"[@:?0-9]"
#: The fewest digits of a phone number (the trunk 0 included).
MIN_PHONE_DIGITS = 10


def _ip(candidate: str) -> bool:
    import ipaddress

    if ":" in candidate and sum(bool(g) for g in candidate.split(":")) < 2:
        return False  # "::" or "a:" alone: a time, a ratio or punctuation
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


def _nhs(candidate: str) -> bool:
    from stdnum.gb import nhs

    return nhs.is_valid(candidate)


def _phones(text: str) -> list[tuple[int, int]]:
    import phonenumbers

    found = []
    for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = m.raw_string
        digits = sum(ch.isdigit() for ch in raw)
        if raw[:1] not in "+(0" or _DECIMAL.fullmatch(raw.strip()):
            continue
        if digits < (8 if raw.startswith("+") else MIN_PHONE_DIGITS):
            continue
        if not phonenumbers.is_possible_number(m.number):
            continue
        found.append((m.start, m.end))
    return found


@lru_cache(maxsize=65536)
def _find(text: str) -> tuple[tuple[str, int, int], ...]:
    spans: list[tuple[str, int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for _, s, e in spans)

    def add(kind: str, a: int, b: int) -> None:
        if free(a, b):
            spans.append((kind, a, b))

    if "@" in text:
        for m in _EMAIL.finditer(text):
            add("e-mail addresses", *m.span())
    if "?" in text:
        for m in _URL.finditer(text):
            add("URLs with query strings", *m.span())
    if "." in text:
        for m in _IPV4.finditer(text):
            if _ip(m.group()):
                add("IP addresses", *m.span())
    if "::" in text or text.count(":") >= 2:
        for m in _IPV6.finditer(text):
            if _ip(m.group()):
                add("IP addresses", *m.span())
    digits = len(_DIGIT.findall(text))
    if digits >= 10:
        for m in _NHS.finditer(text):
            if _nhs(m.group()):
                add("NHS numbers", *m.span())
    if digits:
        for m in _POSTCODE.finditer(text):
            add("postcodes", *m.span())
    if digits >= 8:
        for a, b in _phones(text):
            add("phone numbers", a, b)
    return tuple(sorted(spans, key=lambda s: s[1]))


def find(text: Any) -> list[tuple[str, int, int]]:
    """Every piece of personal data in ``text`` as ``(kind, start, end)``, in order; ``[]`` for anything not text.

    >>> find("mail ann@example.org")
    [('e-mail addresses', 5, 20)]
    """
    if not isinstance(text, str) or not re.search(NEEDS, text):
        return []
    return list(_find(text))


def kinds(text: Any) -> list[str]:
    """The kinds of personal data ``text`` holds, each once, in the order they appear."""
    return list(dict.fromkeys(kind for kind, _, _ in find(text)))


def personal_kind(text: Any) -> str | None:
    """The first kind of personal data ``text`` holds anywhere, or None.

    >>> personal_kind("ann@example.org"), personal_kind("10.0.0.1"), personal_kind("+44 20 7946 0958")
    ('e-mail addresses', 'IP addresses', 'phone numbers')
    >>> personal_kind("R_3kXj1"), personal_kind("2013-05-01"), personal_kind("1001"), personal_kind("0.5")
    (None, None, None, None)
    """
    found = find(text)
    return found[0][0] if found else None


def _replace(text: str, token) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    out, last = [], 0
    for kind, a, b in find(text):
        out += [text[last:a], token(kind)]
        last = b
        counts[kind] = counts.get(kind, 0) + 1
    return "".join(out) + text[last:], counts


def redact(text: str) -> tuple[str, dict[str, int]]:
    """``text`` with each piece of personal data replaced by its token (:data:`TOKENS`), and counts by kind."""
    return _replace(text, TOKENS.__getitem__)


def shown(text: Any) -> str:
    """``text`` as an error line may show it: each piece of personal data replaced by ``(its kind)``.

    >>> shown("ring jane.doe@example.org please")
    'ring (e-mail address) please'
    """
    text = str(text)
    return _replace(text, lambda kind: f"({singular(kind)})")[0]


def singular(kind: str) -> str:
    """``"e-mail addresses"`` -> ``"e-mail address"``; ``"NHS numbers"`` -> ``"NHS number"``."""
    return {"e-mail addresses": "e-mail address", "IP addresses": "IP address",
            "URLs with query strings": "URL with a query string", "names": "name"}.get(kind, kind[:-1])


# ---------------------------------------------------------------------------------------------
# Names: a column or a set of labels judged as a whole (one cell cannot tell a name from a label)
# ---------------------------------------------------------------------------------------------

#: A person's name as written in a form: two or three capitalised words (a title first allowed).
NAME = (r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? )?[A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)?"
        r"(?: (?:[A-Z][a-z'\u2019]*[A-Z]?[a-z'\u2019]+|[A-Z]\.?)(?:-[A-Z][a-z'\u2019]+)?){1,2}")
#: Words that make two capitalised words a school, service or place rather than a person.
PLACE_WORDS = {"school", "academy", "primary", "secondary", "infant", "junior", "nursery", "college", "university",
               "trust", "council", "hospital", "centre", "center", "service", "services", "team", "unit", "church",
               "street", "road", "park", "county", "borough", "city", "ltd", "group", "high", "practice", "surgery"}
#: The fewest name-like answers that make a column of names.
MIN_NAMES = 5


def name_rows(values: list[Any]) -> list[int]:
    """Positions of the answers that are people's names, when the column as a whole holds names; else ``[]``.

    One cell cannot tell a name ("Ann Smith") from a label ("Head Teacher"), so the
    column is judged: more than half of its answers are two or three capitalised
    words, at least :data:`MIN_NAMES` of them, and those answers are mostly distinct
    (four in five differ), as people's names are and job titles or places are not.

    >>> name_rows(["Ann Smith", "Bob Jones", "Cy Patel", "Dee O'Brien", "Ed McKay", "yes"])
    [0, 1, 2, 3, 4]
    >>> name_rows(["Head Teacher", "Social Worker", "Head Teacher", "School Nurse", "Social Worker", "Head Teacher"])
    []
    >>> name_rows(["Oak Primary", "Elm Academy", "Ash Infant School", "Kings College", "Bay Medical Practice"])
    []
    """
    position: dict[str, int] = {}
    codes = [position.setdefault(v, len(position)) if isinstance(v, str) else -1 for v in values]
    distinct = list(position)
    counts = [0] * len(distinct)
    for c in codes:
        if c >= 0:
            counts[c] += 1
    answered = sum(n for v, n in zip(distinct, counts) if v.strip())
    named = set(names_among(distinct, counts, lambda: answered))
    return [i for i, c in enumerate(codes) if c in named]


def names_among(distinct: list[Any], counts, answered) -> list[int]:
    """Which of a column's distinct values are names (see :func:`name_rows`), judged with their counts.

    ``counts[j]`` is how many cells hold ``distinct[j]``; ``answered()`` is how many
    cells of the whole column hold an answer (asked only when enough values look like names).
    """
    pattern = re.compile(NAME)
    texts = {j: " ".join(v.split()) for j, v in enumerate(distinct) if isinstance(v, str) and v.strip()}
    named = [j for j, t in texts.items() if pattern.fullmatch(t) and not PLACE_WORDS & set(t.casefold().split())]
    n_named = sum(int(counts[j]) for j in named)
    if n_named < MIN_NAMES or n_named * 2 <= answered():
        return []
    differ = len({texts[j].casefold() for j in named})
    return named if differ * 5 >= n_named * 4 else []


#: Words of job titles, settings, places and answer scales: a label holding one is not a person's name.
NOT_NAME_WORDS = PLACE_WORDS | {
    "worker", "teacher", "officer", "nurse", "visitor", "lead", "leader", "manager", "head", "staff", "practitioner",
    "governor", "assistant", "designated", "deputy", "senior", "member", "adviser", "advisor", "coordinator",
    "co-ordinator", "consultant", "doctor", "therapist", "psychologist", "counsellor", "mentor", "volunteer",
    "parent", "carer", "student", "pupil", "police", "health", "social", "education", "authority", "sector",
    "agency", "department", "board", "office", "organisation", "organization", "partnership", "care", "children",
    "children's", "family", "youth", "community", "local", "national", "public", "private", "voluntary",
    "independent", "other", "none", "england", "scotland", "wales", "ireland", "northern", "kingdom", "united",
    "sure", "know", "agree", "disagree", "confident", "important", "likely", "satisfied", "useful", "all", "very",
    "not", "fairly", "quite", "strongly", "somewhat", "extremely", "slightly", "never", "always", "often",
    "sometimes", "rarely", "male", "female", "man", "woman", "prefer", "say", "answer", "applicable"}
#: A title before a name: "Mrs Patel" is a person with one capitalised word after it.
TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? [A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)?"


def label_names(labels: list[str]) -> list[str]:
    """The value labels that are people's names, when the labels as a whole are names; else ``[]``.

    Labels are distinct by nature, so the judgement of :func:`name_rows` (names are
    mostly distinct, job titles repeat) cannot be used: a label counts as a name when
    it is a title and a surname, or two or three capitalised words none of which is a
    word of job titles, settings, places or answer scales; the labels are names when
    at least two are and they are more than half, with no two sharing a last word
    (as "Social Worker" and "Youth Worker" would).

    >>> label_names(["Jane Smith", "Tom Jones", "Ann Patel"])
    ['Jane Smith', 'Tom Jones', 'Ann Patel']
    >>> label_names(["Social Worker", "Head Teacher", "Youth Worker"]), label_names(["England", "Northern Ireland"])
    ([], [])
    >>> label_names(["Lottery A", "Lottery B"])
    []
    """
    texts = [" ".join(str(v).split()) for v in labels if str(v).strip()]
    named = [t for t in texts if re.fullmatch(TITLE, t) or (
        re.fullmatch(NAME, t) and len(t.split()[-1].rstrip(".")) > 1  # "Lottery A", "Option B": not a surname
        and not NOT_NAME_WORDS & set(t.casefold().replace("\u2019", "'").split()))]
    if len(named) < 2 or len(named) * 2 <= len(texts):
        return []
    last = [t.split()[-1].casefold() for t in named]
    return named if len(set(last)) == len(last) else []


def looks_like_name(text: str) -> bool:
    """Whether one value reads as a person's name (a title and surname, or capitalised words of no job or place).

    Used to keep a value out of an error line, where a wrong guess costs nothing.

    >>> looks_like_name("Jane Smith"), looks_like_name("Mrs Patel"), looks_like_name("Health visitor")
    (True, True, False)
    >>> looks_like_name("Social Worker"), looks_like_name("Lottery A")
    (False, False)
    """
    t = " ".join(str(text).split())
    return bool(re.fullmatch(TITLE, t) or (
        re.fullmatch(NAME, t) and len(t.split()[-1].rstrip(".")) > 1
        and not NOT_NAME_WORDS & set(t.casefold().replace("\u2019", "'").split())))


#: A title and a surname ("Mrs Patel", "Dr O'Neill").
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? [A-Z][A-Za-z'\u2019-]+")
#: A setting named after someone: a capitalised possessive before a word of schools and services
#: ("Jane Smith's nursery", "St Mary's Primary School").
_NAMED_SETTING = re.compile(r"\b([A-Z][a-z]+)['\u2019]s ([A-Za-z]+)")
#: Possessives that name a group, not a person ("Children's services", "Women's Aid").
GROUP_WORDS = {"children", "young", "people", "women", "men", "girls", "boys", "parents", "carers", "pupils",
               "students", "families", "workers", "veterans", "citizens", "victims", "survivors"}


def names_someone(answer: str) -> bool:
    """Whether an answer names a person or a setting named after one, however many respondents gave it.

    A title and surname, a capitalised possessive before a word of schools and services, or personal
    data (:func:`analysis.personal.kinds`). Two capitalised words alone ("Early Years", "Tom Jones")
    cannot be told from an option by their words.

    >>> [names_someone(a) for a in ("Mrs Patel", "Jane Smith's nursery", "Children's services", "Barnardo's")]
    [True, True, False, False]
    """
    text = " ".join(answer.split())
    if _TITLED.search(text) or kinds(text):
        return True
    return any(m.group(1).casefold() not in GROUP_WORDS and m.group(2).casefold() in PLACE_WORDS
               for m in _NAMED_SETTING.finditer(text))
