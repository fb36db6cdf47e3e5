"""Search ranking: how a citizen's query is read, which procedures match, in what order.

A query is read into groups, one per word after the dictionary; a group holds the word and
the forms that count as it (a number written the other way, the catalogue's words one typo
away, the words a last unfinished word begins). Each group weighs by how rare its word is in
procedure names, generic words ("cấp", "giấy", "đăng ký" ...) next to nothing.

Order, the same on SQLite (FTS5) and PostgreSQL (tsvector): each engine only says which
procedures hold a group's words (read once per catalogue version), the order is made here:
the weight of the groups matched (every word beats some), the weight matched in the name,
how many neighbouring words of the query stand together in the name, the dossiers received
in the last 12 months, the code. When no procedure has every group, the fallback keeps
those matching at least three quarters of the specific weight the best of them matches:
never the whole catalogue for a query that names something.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, literal_column, or_, select

from ..extensions import core_read, db
from ..models import Procedure
from ..text import NUMBER_DIGITS, NUMBER_WORDS, fold, query_words
from .dictionary import Entry, rewrite

# Words in so many procedure names that they say nothing about which one is meant.
GENERIC = frozenset(
    "cap lai giay dang ky thu tuc doi moi cho cua va voi cac nhung tren theo ve tai de "
    "nguoi to chuc ca nhan hanh chinh thuc hien giai quyet xac nhan chung nhan lam xin "
    "nop ho so don de nghi co khong trong hoac duoc boi la mot truong hop".split()
)
GENERIC_SHARE = 0.2  # a word in more than this share of names is generic too
SPECIFIC_MIN = 4  # letters: shorter unknown words are not corrected
MAX_GROUPS = 12
MAX_FORMS = 8  # corrections or completions kept for one word


@dataclass
class Vocabulary:
    """The catalogue's words: in how many published names, and in how many procedures."""

    names: Counter = field(default_factory=Counter)
    anywhere: Counter = field(default_factory=Counter)
    procedures: int = 0
    sorted_words: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> Vocabulary:
        vocabulary = cls()
        rows = db.session.execute(
            select(Procedure.search_name, Procedure.search_body).where(
                Procedure.published.is_(True)
            )
        )
        for name, body in rows:
            vocabulary.procedures += 1
            in_name = set(name.split())
            vocabulary.names.update(in_name)
            vocabulary.anywhere.update(in_name | set(body.split()))
        vocabulary.sorted_words = sorted(vocabulary.anywhere)
        return vocabulary

    def completions(self, prefix: str) -> list[str]:
        """The catalogue's words that begin with prefix, the most common first."""
        start = bisect_left(self.sorted_words, prefix)
        found = []
        for word in self.sorted_words[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return sorted(found, key=lambda w: (-self.anywhere[w], w))[:MAX_FORMS]

    def corrections(self, word: str) -> list[str]:
        """The catalogue's words one typo away (a letter left out, added, changed, swapped)."""
        found = {w for w in _one_typo_away(word) if w in self.anywhere}
        return sorted(found, key=lambda w: (-self.anywhere[w], w))[:MAX_FORMS]

    def is_generic(self, word: str) -> bool:
        if word in GENERIC:
            return True
        return self.procedures >= 50 and self.names[word] > GENERIC_SHARE * self.procedures

    def weight(self, forms: tuple[str, ...]) -> int:
        """How much matching this group says: 1 for a generic word, more the rarer it is."""
        if self.is_generic(forms[0]):
            return 1
        in_names = min(self.procedures, sum(self.names[w] for w in forms))
        return 10 + round(100 * math.log((self.procedures + 1) / (in_names + 1)))


_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _one_typo_away(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    left_out = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changed = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    added = {a + c + b for a, b in splits for c in _LETTERS}
    return (left_out | swapped | changed | added) - {word}


@dataclass(frozen=True)
class Group:
    forms: tuple[str, ...]  # the word and what counts as it, exact folded tokens
    weight: int
    specific: bool


@dataclass(frozen=True)
class Reading:
    """What the search made of a query."""

    groups: tuple[Group, ...]
    shown: str  # the query as searched, in the words procedures use
    changed: bool  # shown differs from what was typed
    entries: tuple[Entry, ...] = ()


def _typed_words(query: str) -> list[tuple[str, str]]:
    """(folded word, word as typed, lower case) for each word of the query."""
    words = []
    for piece in query[:500].lower().split():
        for token in query_words(piece, limit=MAX_GROUPS):
            words.append((token, piece if fold(piece) == token else token))
    return words


def read_query(query: str, vocabulary: Vocabulary, entries: dict) -> Reading:
    """Read a query into weighted groups, through the dictionary, numbers and typos."""
    typed = _typed_words(query)
    words, used = rewrite(typed, entries)
    groups: list[Group] = []
    shown: list[str] = []
    changed = bool(used)
    for position, (word, surface, from_dictionary) in enumerate(words):
        forms = _forms(word, vocabulary, last=position == len(words) - 1 and not from_dictionary)
        if not forms:
            changed = changed or not from_dictionary
            continue
        if forms[0] != word and word not in forms:
            changed, surface = True, forms[0]
        group = Group(forms, vocabulary.weight(forms), not vocabulary.is_generic(forms[0]))
        if group.forms not in [g.forms for g in groups] and len(groups) < MAX_GROUPS:
            groups.append(group)
            shown.append(surface)
    if changed and groups and not any(g.specific for g in groups) and _lost_a_word(words, groups):
        # "giấy xanh" with "xanh" unknown is not a search for every "giấy": nothing matches.
        groups = []
    return Reading(tuple(groups), " ".join(shown), changed, tuple(used))


def _lost_a_word(words: list[tuple[str, str, bool]], groups: list[Group]) -> bool:
    """Whether a word typed (not from the dictionary) matched nothing in the catalogue."""
    kept = {form for g in groups for form in g.forms}
    return any(not from_dictionary and word not in kept for word, _, from_dictionary in words)


def _forms(word: str, vocabulary: Vocabulary, last: bool) -> tuple[str, ...]:
    """The tokens that count as this word in the catalogue; empty when none does."""
    number = NUMBER_WORDS.get(word) or NUMBER_DIGITS.get(word)
    if word in vocabulary.anywhere:
        known = [word] + ([number] if number in vocabulary.anywhere else [])
        return tuple(known)
    if number in vocabulary.anywhere:
        return (number,)
    if last and len(word) >= 2:
        completions = vocabulary.completions(word)
        if completions:
            return tuple(completions)
    if len(word) >= SPECIFIC_MIN:
        return tuple(vocabulary.corrections(word))
    return ()


# --- matching and ordering -------------------------------------------------------------------

CACHED_MATCHES = 1024  # word groups' sets of matching procedure ids kept per catalogue version


def _is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _tsquery(words: tuple[str, ...], name_only: bool, phrase: bool, key: str):
    suffix = ":A" if name_only else ""
    joined = (" <-> " if phrase else " | ").join(w + suffix for w in words)
    query = func.to_tsquery("simple", bindparam(key, joined))
    return literal_column("procedure.search_tsv").op("@@")(query)


def _fts_expression(words: tuple[str, ...], name_only: bool, phrase: bool) -> str:
    """SQLite: the FTS5 expression for the procedures holding one of words, or words as a
    phrase; in the name alone with name_only. Words are folded tokens, [a-z0-9]+."""
    if phrase:
        expression = '"' + " ".join(words) + '"'
    else:
        expression = " OR ".join(f'"{w}"' for w in words)
    return f"search_name : ({expression})" if name_only else expression


_FTS_IDS = "SELECT rowid FROM procedure_fts WHERE procedure_fts MATCH ?"


def _fts_ids(key: tuple) -> frozenset[int]:
    """SQLite: the rowids (procedure ids) one key (words, name_only, phrase) matches, read
    from the driver on the session's connection (its transaction): SQLAlchemy's result rows
    cost more than FTS5's look-up for the hundreds of ids a common word matches (~450 ->
    ~250 us for 500 ids)."""
    driver = db.session.connection().connection.driver_connection
    return frozenset(pid for (pid,) in driver.execute(_FTS_IDS, (_fts_expression(*key),)))


class Matches:
    """Which procedures (published or not) each word group matches, read once per catalogue
    version (the owner, portal.catalogue.queries.SearchState, is dropped when the search stamp
    moves): generic words match nearly every procedure, and new queries reuse words."""

    def __init__(self) -> None:
        self.found: dict[tuple, frozenset[int]] = {}

    def read(self, keys: list[tuple]) -> dict[tuple, frozenset[int]]:
        """The ids each key (words, name_only, phrase) matches. Those not read yet are read
        together: PostgreSQL in one pass over the procedures (each match reads the stored
        tsvector), SQLite one FTS5 look-up each."""
        held = {key: self.found.get(key) for key in keys}
        missing = [key for key, found in held.items() if found is None]
        if missing and _is_postgres():
            tests = [_tsquery(*key, f"m{i}") for i, key in enumerate(missing)]
            sets: list[set[int]] = [set() for _ in missing]
            rows = core_read(select(Procedure.id, *tests).where(or_(*tests)))
            for pid, *hits in rows:
                for found, hit in zip(sets, hits, strict=True):
                    if hit:
                        found.add(pid)
            held.update(zip(missing, map(frozenset, sets), strict=True))
        elif missing:
            for key in missing:
                held[key] = _fts_ids(key)
        if missing:
            if len(self.found) + len(missing) > CACHED_MATCHES:
                self.found.clear()
            self.found.update((key, held[key]) for key in missing)
        return held


def ranked_ids(
    reading: Reading, listed: dict[int, tuple[int, str]], matches: Matches, *, every_word: bool
) -> list[int]:
    """The ids of the procedures matching the reading, best first (see the module docstring).

    listed: the procedures the filters keep, id -> (yearly dossiers, code). every_word: only
    those with every group. Else the fallback: those matching at least three quarters of the
    specific weight the best of them matches.
    """
    groups = reading.groups
    weights = [g.weight for g in groups]
    pair_words = [
        (a.forms[0], b.forms[0])
        for a, b in zip(groups, groups[1:], strict=False)
        if len(a.forms) == 1 and len(b.forms) == 1
    ]
    held = matches.read(
        [(g.forms, name_only, False) for name_only in (False, True) for g in groups]
        + [(words, True, True) for words in pair_words]
    )
    anywhere = [held[g.forms, False, False] for g in groups]
    specific = [i for i, g in enumerate(groups) if g.specific] or list(range(len(groups)))
    if every_word:
        gate = frozenset.intersection(*sorted(anywhere, key=len))
    else:
        gate = frozenset().union(*(anywhere[i] for i in specific))
    found = [pid for pid in gate if pid in listed]
    if not every_word:
        weighed = _scores(found, [weights[i] for i in specific], [anywhere[i] for i in specific])
        best = max(weighed.values(), default=0)
        found = [pid for pid in found if weighed[pid] * 4 >= best * 3]
    if not found:
        return []
    pairs = [held[words, True, True] for words in pair_words]
    total = _scores(found, weights, anywhere)
    in_name = _scores(found, weights, [held[g.forms, True, False] for g in groups])
    together = _scores(found, [1] * len(pairs), pairs)  # neighbouring query words side by side
    keys = [
        # codes are unique; code points order as UTF-8 bytes do, as BINARY and "C" sort
        (-total[pid], -in_name[pid], -together[pid], -listed[pid][0], listed[pid][1], pid)
        for pid in found
    ]
    return [key[-1] for key in sorted(keys)]


def _scores(ids: list[int], weights: list[int], sets: list[frozenset]) -> dict[int, int]:
    """For each id, the sum of the weights of the sets that hold it."""
    score = dict.fromkeys(ids, 0)
    for weight, found in zip(weights, sets, strict=True):
        for pid in found.intersection(score):
            score[pid] += weight
    return score
