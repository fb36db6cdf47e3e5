"""The Vietnamese catalogue is the one source of translations: complete, never fuzzy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations/vi/LC_MESSAGES/messages.po"


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="vi")


def _extracted_ids(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "extract", "--no-location", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        template = read_po(f)
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in template if m.id}


def test_every_message_in_the_code_has_a_vietnamese_translation(tmp_path):
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in _catalogue()
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(_extracted_ids(tmp_path) - translated)
    assert not missing, f"untranslated (run make babel-update, then translate): {missing[:20]}"


def test_no_translation_is_left_fuzzy():
    fuzzy = [m.id for m in _catalogue() if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries need a translator's check: {fuzzy[:20]}"
