"""The catalogue's search form: a GET form (no CSRF token), its fields and their choices."""

from ..i18n import lazy_gettext as _l
from ..i18n import page_lang

LEVEL_CHOICES = (
    ("", _l("All levels")),
    ("province", _l("Province")),
    ("district", _l("District")),
    ("commune", _l("Commune")),
)
ONLINE_CHOICES = (
    ("", _l("Any")),
    ("any", _l("Online (full or partial)")),
    ("full", _l("Fully online")),
    ("partial", _l("Partly online")),
    ("none", _l("Not online")),
)
_translated: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}


def choices(name: str) -> tuple[tuple[str, str], ...]:
    """A filter's choices in the page's language, translated once per process and language."""
    key = (name, page_lang())
    if key not in _translated:
        source = LEVEL_CHOICES if name == "level" else ONLINE_CHOICES
        _translated[key] = tuple((value, str(label)) for value, label in source)
    return _translated[key]
