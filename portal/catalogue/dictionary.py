"""The search dictionary: words citizens use → the words procedures use.

The shipped entries live in synonyms.tsv beside this module; staff add more in the staff area
(table search_term), and theirs win over a shipped entry with the same term.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import SearchTerm
from ..text import fold_tokens

SHIPPED = Path(__file__).with_name("synonyms.tsv")
LONGEST_TERM = 6  # words; longer terms are refused, so reading a query stays cheap


@dataclass(frozen=True)
class Entry:
    term: str  # as written, for people
    meaning: str  # as written, for people


@cache
def shipped_entries() -> dict[tuple[str, ...], Entry]:
    """The entries of synonyms.tsv, by their folded words."""
    entries: dict[tuple[str, ...], Entry] = {}
    for number, line in enumerate(SHIPPED.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        term, meaning = line.split("\t")
        key = tuple(fold_tokens(term).split())
        if not key or len(key) > LONGEST_TERM:
            raise ValueError(f"{SHIPPED.name} line {number}: a term of 1 to 6 words")
        entries[key] = Entry(term.strip(), meaning.strip())
    return entries


def load() -> dict[tuple[str, ...], Entry]:
    """Every entry in force: the shipped ones, then the staff's over them."""
    entries = dict(shipped_entries())
    for term_text, meaning in db.session.execute(select(SearchTerm.term_text, SearchTerm.meaning)):
        entries[tuple(fold_tokens(term_text).split())] = Entry(term_text, meaning)
    return entries


def rewrite(
    tokens: list[tuple[str, str]], entries: dict[tuple[str, ...], Entry]
) -> tuple[list[tuple[str, str, bool]], list[Entry]]:
    """Replace the longest dictionary term at each place in the query by its meaning (an
    empty meaning leaves the term out: "cho con", "ở đâu" name no procedure).

    tokens are (folded word, word as typed); returns (folded word, word to show, from the
    dictionary) triples and the entries used.
    """
    words, used, i = [], [], 0
    folded = [t for t, _ in tokens]
    while i < len(tokens):
        for length in range(min(LONGEST_TERM, len(tokens) - i), 0, -1):
            entry = entries.get(tuple(folded[i : i + length]))
            if entry is not None:
                shown = entry.meaning.lower().split()
                meaning = fold_tokens(entry.meaning).split()
                if len(shown) != len(meaning):  # punctuation in the meaning: show it folded
                    shown = meaning
                words += [(m, s, True) for m, s in zip(meaning, shown, strict=True)]
                used.append(entry)
                i += length
                break
        else:
            words.append((tokens[i][0], tokens[i][1], False))
            i += 1
    return words, used
