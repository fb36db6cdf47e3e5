"""Vietnamese folding for search: the one place that decides how text is compared.

The same function runs when a procedure is indexed and when a citizen's query is read, so
"ĐĂNG KÝ KẾT HÔN", "dang ky ket hon" and "Đăng  ký kết hôn" all become the same tokens.
"""

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")

# Numbers people write either way ("cấp lại lần 2", "lần hai"): each form also finds the
# other. Only words that rarely mean anything else once folded ("năm" is also "year", "tạm"
# is "temporary", "tư" is "private": those stay words).
NUMBER_WORDS = {
    "mot": "1",
    "hai": "2",
    "ba": "3",
    "bon": "4",
    "sau": "6",
    "bay": "7",
    "chin": "9",
    "muoi": "10",
}
NUMBER_DIGITS = {digit: word for word, digit in NUMBER_WORDS.items()}

# A token holding this many digits is an identity-card, phone or dossier number, never the
# name of a procedure: it is not kept anywhere a query is logged.
_PERSONAL_NUMBER = re.compile(r"[0-9]{5,}")
# A phone or ID number written in groups ("0912 345 678", "001.099.012345"): nine digits or
# more with spaces, dots or dashes between them, split into short words otherwise.
_GROUPED_NUMBER = re.compile(r"[0-9](?:[\s.\-]*[0-9]){8,}")


def fold(text: str) -> str:
    """Lower-case, drop tone and vowel marks, and write đ as d."""
    text = text.replace("\x00", "").lower().replace("đ", "d").replace("ð", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_tokens(text: str | None) -> str:
    """Fold text and keep only its words, space-separated, as both full-text engines index it."""
    if not text:
        return ""
    return " ".join(_TOKEN.findall(fold(text)))


def query_words(query: str | None, limit: int = 12) -> list[str]:
    """Split a citizen's query into folded words, each once, in the order typed."""
    words: list[str] = []
    for token in _TOKEN.findall(fold((query or "")[:500])):
        if token not in words:
            words.append(token)
    return words[:limit]


def loggable_words(query: str | None) -> str:
    """The query as it may be kept in the search log: folded, without personal numbers."""
    query = _GROUPED_NUMBER.sub(" ", (query or "")[:500])
    words = [w for w in query_words(query, limit=20) if not _PERSONAL_NUMBER.search(w)]
    return " ".join(words)[:200]
