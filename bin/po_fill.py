#!/usr/bin/env python
"""Fill Dutch translations into a .po file from a Python file ``NL = {English msgid: Dutch}``.

Usage: .venv/bin/python bin/po_fill.py accounts/locale/nl/LC_MESSAGES/django.po translations.py
Only entries that are empty or fuzzy are filled; entries not in the dict are listed.
"""

import ast
import sys

import polib


def main(po_path: str, dict_path: str) -> int:
    with open(dict_path, encoding="utf-8") as handle:
        module = ast.parse(handle.read())
    translations = ast.literal_eval(module.body[0].value)
    po = polib.pofile(po_path, wrapwidth=100)
    left = []
    for entry in po:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        else:
            left.append(entry.msgid)
    po.save(po_path)
    for msgid in left:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
