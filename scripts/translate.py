"""Refresh the Vietnamese catalogue from the code and fill in translations.

    .venv/bin/python scripts/translate.py   # reads translations/vi/source/*.json

Extracts every message, merges it into translations/vi/LC_MESSAGES/messages.po, applies the
translations kept in translations/vi/source/*.json (one file per feature) (a plural entry takes a string, used for every form, as Vietnamese has one),
compiles, and lists what is still untranslated.
"""

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations/vi/LC_MESSAGES/messages.po"
PYBABEL = str(Path(sys.executable).parent / "pybabel")


def main(paths: list[str]) -> int:
    subprocess.run([PYBABEL, "extract", "--no-location", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", "translations/messages.pot", "."],
                   cwd=ROOT, check=True, capture_output=True)
    subprocess.run([PYBABEL, "update", "-i", "translations/messages.pot", "-d", "translations",
                    "-l", "vi", "--no-fuzzy-matching", "--ignore-obsolete"],
                   cwd=ROOT, check=True, capture_output=True)
    mapping: dict[str, str] = {}
    for path in paths or sorted((ROOT / "translations/vi/source").glob("*.json")):
        mapping.update(json.loads(Path(path).read_text("utf-8")))
    with PO.open("rb") as f:
        catalog = read_po(f, locale="vi")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key in mapping:
            message.string = (mapping[key],) if isinstance(message.id, tuple) else mapping[key]
            message.flags.discard("fuzzy")
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    subprocess.run([PYBABEL, "compile", "-d", "translations"], cwd=ROOT, check=True,
                   capture_output=True)
    missing = [m.id for m in catalog if m.id and (not m.string or not any(
        m.string if isinstance(m.string, tuple) else [m.string]))]
    for msgid in missing:
        print("untranslated:", json.dumps(msgid[0] if isinstance(msgid, tuple) else msgid,
                                          ensure_ascii=False))
    print(f"{len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
