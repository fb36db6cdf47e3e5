"""Search ranking: how a citizen's query is read, which procedures match, in what order.

A query is read into groups, one per word after the dictionary; a group holds the word and
the forms that count as it (a number written the other way, the catalogue's words one typo
away, the words a last unfinished word begins). Each group weighs by how rare its word is in
procedure names, generic words ("cấp", "giấy", "đăng ký" ...) next to nothing.

Order, the same on SQLite (FTS5) and PostgreSQL (tsvector) since every key is an integer:
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

from sqlalchemy import and_, bindparam, case, func, literal, literal_column, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import db
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


# --- matching and ordering, per engine ------------------------------------------------------


def _is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _sqlite_hit(words: tuple[str, ...], key: str, name_only: bool, phrase: bool = False):
    if phrase:
        expression = '"' + " ".join(words) + '"'  # words are [a-z0-9]+
    else:
        expression = " OR ".join(f'"{w}"' for w in words)
    if name_only:
        expression = f"search_name : ({expression})"
    return Procedure.id.in_(
        text(f"SELECT rowid FROM procedure_fts WHERE procedure_fts MATCH :{key}").bindparams(
            bindparam(key, expression)
        )
    )


def _postgres_hit(words: tuple[str, ...], key: str, name_only: bool, phrase: bool = False):
    suffix = ":A" if name_only else ""
    joined = (" <-> " if phrase else " | ").join(w + suffix for w in words)
    query = func.to_tsquery("simple", bindparam(key, joined))
    return literal_column("procedure.search_tsv").op("@@")(query)


def _weighted(weights: list[int], hits: list[ColumnElement]) -> ColumnElement:
    """The sum of the weights of the conditions that hold, an integer on both engines."""
    terms = [
        case((hit, literal(w)), else_=literal(0)) for w, hit in zip(weights, hits, strict=True)
    ]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _binary(column):
    """Order by bytes, so both engines sort codes identically."""
    return column.collate("C") if _is_postgres() else column.collate("BINARY")


def _adjacent(groups: tuple[Group, ...], hit) -> ColumnElement:
    """How many pairs of neighbouring query words stand side by side in the name: "giám hộ"
    is not "giảm học phí và hỗ trợ", though both fold to the same words."""
    pairs = [
        hit((a.forms[0], b.forms[0]), f"p{i}", True, phrase=True)
        for i, (a, b) in enumerate(zip(groups, groups[1:], strict=False))
        if len(a.forms) == 1 and len(b.forms) == 1
    ]
    return _weighted([1] * len(pairs), pairs) if pairs else literal(0)


def ranked_ids(reading: Reading, clauses: list[ColumnElement], *, every_word: bool) -> list[int]:
    """The ids of the procedures matching the reading, best first (see the module docstring).

    every_word: only those with every group. Else the fallback: those matching at least half
    three quarters of the specific weight the best of them matches.
    """
    hit = _postgres_hit if _is_postgres() else _sqlite_hit
    groups = reading.groups
    weights = [g.weight for g in groups]
    hits = [hit(g.forms, f"w{i}", False) for i, g in enumerate(groups)]
    name_hits = [hit(g.forms, f"n{i}", True) for i, g in enumerate(groups)]
    specific = [i for i, g in enumerate(groups) if g.specific] or list(range(len(groups)))
    specific_matched = _weighted([weights[i] for i in specific], [hits[i] for i in specific])
    gate = and_(*hits) if every_word else or_(*[hits[i] for i in specific])
    statement = (
        select(Procedure.id, specific_matched)
        .where(*clauses, gate)
        .order_by(
            _weighted(weights, hits).desc(),
            _weighted(weights, name_hits).desc(),
            _adjacent(groups, hit).desc(),
            Procedure.yearly_dossiers.desc(),
            _binary(Procedure.code),
        )
    )
    rows = db.session.execute(statement).all()
    best = max((weight for _, weight in rows), default=0)
    return [pid for pid, weight in rows if every_word or weight * 4 >= best * 3]
