#!/usr/bin/env python3
"""Writes tests/unit/idna-python-corpus.json: domain names with what Python's `idna` package does
with them, the independent answer tests/unit/idna-python-corpus.test.ts holds the portal's
IDNA 2008 check (lib/format/idna2008.ts, through lib/forms/idna.ts) against.

grommunio encodes a domain name with `idna.encode(name)`: IDNA 2008, no UTS 46 mapping, the
default arguments (docs/upstream/grommunio.md §5). Each entry records, for one label followed by
".com", whether that call raises and what it returns; for a label that needs encoding, also the
same for its xn-- spelling (grommunio decodes that one and checks the result).

    python3 scripts/idna-oracle.py            (needs `pip install idna`; written with idna 3.13)

The names are the ones a reviewer gave as examples, each exception and context rule of RFC 5892
in and out of its context, right-to-left labels with digits, joiners in Persian, Arabic and
Indic words, and letters, marks, digits and symbols sampled from many blocks (a fixed seed, so
the file only changes when this script or the package does).
"""

import json
import random
import sys
import unicodedata
from pathlib import Path

import idna

OUT = Path(__file__).resolve().parent.parent / "tests" / "unit" / "idna-python-corpus.json"

# The reviewer's examples and the cases the rules were written for.
NAMED = [
    "col·legi", "ジャパン・ネット", "می\u200cخواهم", "α͵β", "བོད་ཡིག", "〇〇",
    "ᏸᏹ", "a\u034fb", "x\u20ddy", "münchen", "straße", "bücher", "ドメイン", "한국", "हिन्दी",
    "שלום", "مثال", "مثال١٢", "שלום1", "παράδειγμα", "ςσ", "日本語", "ｅｘａｍｐｌｅ", "ſtraße",
    "ʰello", "aא", "אa", "١٢", "مثال١٢٣۴", "ᄀᄀ", "München", "mÜnchen", "😀", "a_b", "ĳssel",
    "ǆungla", "ᏰᏱ", "ꭰꭱ", "ᲀᲁ", "ᾳ", "ᾀ", "a\u0345", "ａ", "１２３", "ｶﾀｶﾅ",
]

# RFC 5892 §2.6 exceptions and the Appendix A rules, in a context that meets the rule and in ones
# that do not.
CONTEXT = [
    "l·l", "l·", "·l", "a·b", "l·m", "col·lecció", "paral·lel",
    "͵α", "α͵", "a͵b", "α͵a", "͵",
    "א׳", "א״", "׳א", "a׳", "אב״ג", "a״",
    "・カ", "カ・", "あ・い", "漢・字", "a・b", "・・", "ー・ー", "カ・ー",
    "١٢٣", "۱۲۳", "١۲", "مثال١", "مثال۱", "مثال1", "ا١٢", "ا۱۲", "۱۲", "a۱", "a١",
    "ß", "ς", "ۿa", "ۊۋ", "ۺۺ", "ۺ۽", "ۺ۾", "ཀ་ཁ", "་ཀ", "〇", "a〇",
    "ـا", "اـب", "ߊߺߊ", "〮a", "a〮", "a〯", "a〱", "a〵", "a〻", "〱", "a々",
]

# Zero-width non-joiner and joiner: after a virama, between joining letters, and where neither holds.
JOINERS = [
    "می\u200cخواهم", "نمی\u200cشود", "خانه\u200cها", "ب\u200cب", "ا\u200cب", "ب\u200cا", "ب\u200c",
    "\u200cب", "ب\u200dب", "ب\u064e\u200c\u064eب", "ب\u200c\u064eا", "د\u200cب", "ء\u200cب",
    "क्\u200cष", "क्\u200dष", "क\u200cष", "क\u200dष", "ক্\u200cষ", "ക്\u200dക", "ක්\u200dය",
    "a\u200cb", "a\u200db", "ܒ\u200cܒ", "ܐ\u200cܒ", "ߊ\u200cߊ", "ᠠ\u200cᠠ", "ꡀ\u200cꡀ",
    "\U0001E900\u200c\U0001E900", "\U00010D00\u200c\U00010D01", "ࡀ\u200cࡁ", "ࡁ\u200cࡀ",
    "\U00010F30\u200c\U00010F31", "\U00010AC0\u200c\U00010AC0", "\U00010B80\u200c\U00010B81",
    "ب\u200c\u200cب", "्\u200c",
]

# Right-to-left labels: letters, marks, both kinds of digits, European digits, hyphens, and the
# historic scripts of plane 1.
BIDI = [
    "א1", "1א", "א١", "١א", "א-ב", "א-", "-א", "אב1", "א1ב", "אָב", "אבָ", "ا1", "ا١", "۱ا",
    "ا۱", "ا-ب", "ابa", "aاب", "اب۱", "اب١", "a1", "1a", "a١", "١a", "اب١1", "اب1١", "ߊ߁", "߁ߊ",
    "\U00010800\U00010801", "\U00010C80\U00010C81", "\U00010CC0\U00010CC1", "\U00010900\U00010901",
    "\U00010A10\U00010A11", "\U0001E900\U0001E901", "\U0001E950", "\U0001E922\U0001E950",
    "\U00010D00\U00010D30", "\U00010D30", "\U00010D00\U00010D01", "\U00010F30\U00010F31",
    "\u0780\u0781", "\u0800\u0801", "\u0840\u0841", "\U00010E80\U00010E81", "ܐܒ", "ܐ1",
    "a\u05b0", "\u05d0\u0301", "ab\u0301", "ἀ\u0345",
]

# Blocks to sample: (first, last). Letters, marks, digits and symbols of many scripts.
BLOCKS = [
    (0x00A0, 0x00FF), (0x0100, 0x024F), (0x0250, 0x02FF), (0x0300, 0x036F), (0x0370, 0x03FF),
    (0x0400, 0x04FF), (0x0530, 0x058F), (0x0590, 0x05FF), (0x0600, 0x06FF), (0x0700, 0x074F),
    (0x0780, 0x07BF), (0x07C0, 0x07FF), (0x0800, 0x085F), (0x0860, 0x08FF), (0x0900, 0x097F),
    (0x0980, 0x09FF), (0x0A00, 0x0A7F), (0x0B80, 0x0BFF), (0x0C00, 0x0C7F), (0x0D00, 0x0D7F),
    (0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x10A0, 0x10FF),
    (0x1100, 0x11FF), (0x1200, 0x137F), (0x13A0, 0x13FF), (0x1400, 0x167F), (0x1680, 0x16FF),
    (0x1780, 0x17FF), (0x1800, 0x18AF), (0x1AB0, 0x1AFF), (0x1B00, 0x1B7F), (0x1C80, 0x1CBF),
    (0x1D00, 0x1DBF), (0x1DC0, 0x1DFF), (0x1E00, 0x1EFF), (0x1F00, 0x1FFF), (0x2000, 0x206F),
    (0x2070, 0x209F), (0x20A0, 0x20CF), (0x20D0, 0x20FF), (0x2100, 0x214F), (0x2150, 0x218F),
    (0x2190, 0x23FF), (0x2460, 0x24FF), (0x2C00, 0x2C7F), (0x2C80, 0x2CFF), (0x2D00, 0x2D7F),
    (0x2D80, 0x2DDF), (0x2E00, 0x2E7F), (0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF),
    (0x3130, 0x318F), (0x31F0, 0x31FF), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xA000, 0xA48F), (0xA640, 0xA69F), (0xA700, 0xA7FF), (0xA800, 0xA82F), (0xA840, 0xA87F),
    (0xA960, 0xA97F), (0xA980, 0xA9DF), (0xAB70, 0xABBF), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF),
    (0xF900, 0xFAFF), (0xFB00, 0xFB4F), (0xFB50, 0xFDFF), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F),
    (0xFE70, 0xFEFF), (0xFF00, 0xFFEF), (0x10000, 0x1007F), (0x10280, 0x1029F),
    (0x10330, 0x1034F), (0x10400, 0x1044F), (0x10800, 0x1083F), (0x10A00, 0x10A5F),
    (0x10C80, 0x10CFF), (0x11000, 0x1107F), (0x11100, 0x1114F), (0x11600, 0x1165F),
    (0x11700, 0x1174F), (0x13000, 0x1342F), (0x16A40, 0x16A6F), (0x16E40, 0x16E9F),
    (0x1B000, 0x1B0FF), (0x1D100, 0x1D1FF), (0x1D200, 0x1D24F), (0x1D400, 0x1D7FF),
    (0x1E900, 0x1E95F), (0x1EE00, 0x1EEFF), (0x1F100, 0x1F1FF), (0x1F300, 0x1F6FF),
    (0x1F900, 0x1F9FF), (0x20000, 0x2A6DF), (0x2B740, 0x2B81F), (0x2F800, 0x2FA1F),
    (0x30000, 0x3134F), (0x31350, 0x323AF), (0xE0000, 0xE007F),
]

# Whole names where the portal answers otherwise on purpose (the test says why for each).
WHOLE = ["例え。jp", "example.com.", "localhost", "e\u0301xample.com", "1.2.3.4", "mu\u0308nchen.de"]


def sampled(rng):
    """Per block: five labels of two characters of that block and five "a<char>b" labels."""
    names = []
    for first, last in BLOCKS:
        for _ in range(5):
            a = chr(rng.randint(first, last))
            b = chr(rng.randint(first, last))
            names.append(a + b)
        for _ in range(5):
            names.append("a" + chr(rng.randint(first, last)) + "b")
    return names


def outcome(name):
    """What `idna.encode` makes of the name (None where it raises)."""
    try:
        return idna.encode(name).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def ace(label):
    """The xn-- spelling of a label that needs encoding, as the Punycode codec writes it."""
    if label.isascii():
        return None
    return "xn--" + label.encode("punycode").decode("ascii")


def usable(label):
    """Labels the corpus keeps: NFC (the portal normalises what is typed, Python refuses it),
    no dot and no surrogate, short enough for one label."""
    if not label or "." in label or any(0xD800 <= ord(c) <= 0xDFFF for c in label):
        return False
    if any(c in label for c in "\u3002\uff0e\uff61"):  # read as dots by idna.encode
        return False
    if unicodedata.normalize("NFC", label) != label:
        return False
    spelled = ace(label) or label
    return len(spelled) <= 63


def main():
    rng = random.Random(5892)
    labels = NAMED + CONTEXT + JOINERS + BIDI + sampled(rng)
    seen = set()
    corpus = []
    for label in labels:
        if label in seen or not usable(label):
            continue
        seen.add(label)
        entry = {"name": f"{label}.com", "ascii": outcome(f"{label}.com")}
        spelled = ace(label)
        if spelled:
            entry["ace"] = f"{spelled}.com"
            entry["aceAscii"] = outcome(f"{spelled}.com")
        corpus.append(entry)
    corpus += [{"name": name, "ascii": outcome(name)} for name in WHOLE]
    header = {
        "source": f"Python idna {idna.__version__ if hasattr(idna, '__version__') else idna.package_data.__version__}"
        f" (IDNA tables for Unicode {idna.idnadata.__version__}), Python {sys.version.split()[0]}"
        f" (unicodedata {unicodedata.unidata_version}): idna.encode(name), no UTS 46 mapping",
        "writtenBy": "scripts/idna-oracle.py",
    }
    # Laid out as the repository's formatter (Biome) lays out JSON, so a rerun changes no layout.
    OUT.write_text(json.dumps({**header, "names": corpus}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    refused = sum(1 for e in corpus if e["ascii"] is None)
    print(f"{len(corpus)} names, {refused} refused -> {OUT}")


if __name__ == "__main__":
    main()
