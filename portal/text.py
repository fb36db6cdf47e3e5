"""Vietnamese folding for search: the one place that decides how text is compared.

The same function runs when a procedure is indexed and when a citizen's query is read, so
"ĐĂNG KÝ KẾT HÔN", "dang ky ket hon" and "Đăng  ký kết hôn" all become the same tokens.
"""

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")

# Abbreviations citizens type, expanded to the words procedure names actually use.
ABBREVIATIONS = {
    "gpxd": "giay phep xay dung",
    "qsdd": "quyen su dung dat",
    "gcnqsdd": "giay chung nhan quyen su dung dat",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "gcn": "giay chung nhan",
    "dkkd": "dang ky kinh doanh",
    "gpkd": "giay phep kinh doanh",
    "gplx": "giay phep lai xe",
    "hkd": "ho kinh doanh",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "ubnd": "uy ban nhan dan",
    "tthc": "thu tuc hanh chinh",
    "dn": "doanh nghiep",
}


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
    """Split a citizen's query into folded words, expanding known abbreviations."""
    words: list[str] = []
    for token in _TOKEN.findall(fold((query or "")[:500])):
        for word in ABBREVIATIONS.get(token, token).split():
            if word not in words:
                words.append(word)
    return words[:limit]
