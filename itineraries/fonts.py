"""Which face draws which language, and the process's WeasyPrint font configuration.

Han characters have different shapes in Japanese, Korean, Simplified and Traditional
Chinese, and Noto Sans CJK ships one face per convention. With one CJK face first in a
single stack, Japanese was drawn in Korean shapes; so every text run carries `lang` and
each language gets its own stack (`font_css`), its own face first.

Faces were chosen by what survives text extraction (`pdftotext`), not only by looks:

- Arabic: Noto Naskh Arabic. With Noto Sans Arabic the lam-alef ligature (one glyph for
  "لا") came out of pdftotext reversed as "ال"; Naskh (and Kufi) draw it as two glyphs and
  round-trip. Naskh is also the usual face for Arabic body text.
- Thai: Noto Serif Thai. Noto Sans Thai, Noto Looped Thai and Noto Serif Thai all
  extracted the same wrong way (า as ำ, or ำ as า, whichever the document used first):
  HarfBuzz draws SARA AM as NIKHAHIT + SARA AA, and WeasyPrint maps each glyph to one text
  only, so the SARA AA glyph is shared by both. No face fixes that; `extractable_thai`
  does. With it, all three round-trip through `pdftotext -raw`; in pdftotext's default
  (reading order) mode, marks that the face raises or lowers (drawn with a text rise) can
  land after their letter: of 30 Thai strings of this document, 11 came out wrong with
  Noto Sans Thai, 5 with Noto Looped Thai, 3 with Noto Serif Thai. Its looped letters are
  also what Thai official documents use.
- Devanagari, Khmer: Noto Sans. Both faces of each script extract wrongly (split and
  reordered vowels share glyphs with plain letters, WeasyPrint issue #2841); the pages
  look right, only copied text suffers.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

# Fallbacks after a language's own face: the scripts we expect in user text. Latin comes
# from Noto Sans, which leads every non-CJK stack. Any other script (and emoji) is found
# by fontconfig's fallback. "Noto Color Emoji" must not be named here: Pango then draws
# plain digits from it (digits are emoji keycap bases), as wide colour bitmaps.
FALLBACK_FACES = (
    "Noto Sans",
    "Noto Sans CJK KR",
    "Noto Naskh Arabic",
    "Noto Sans Hebrew",
    "Noto Serif Thai",
    "Noto Sans Devanagari",
    "Noto Sans Khmer",
)

# CSS :lang() selector → the face that leads its stack. Later rules win ties, so the more
# specific Chinese tags come after the general ones.
LANGUAGE_FACES: tuple[tuple[str, str], ...] = (
    ("ko", "Noto Sans CJK KR"),
    ("ja", "Noto Sans CJK JP"),
    ("zh", "Noto Sans CJK SC"),
    ("zh-Hans", "Noto Sans CJK SC"),
    ("zh-CN", "Noto Sans CJK SC"),
    ("zh-SG", "Noto Sans CJK SC"),
    ("zh-Hant", "Noto Sans CJK TC"),
    ("zh-TW", "Noto Sans CJK TC"),
    ("zh-HK", "Noto Sans CJK HK"),
    ("zh-MO", "Noto Sans CJK HK"),
    ("zh-Hant-HK", "Noto Sans CJK HK"),
    ("zh-Hant-MO", "Noto Sans CJK HK"),
    ("ar", "Noto Naskh Arabic"),
    ("fa", "Noto Naskh Arabic"),
    ("ur", "Noto Naskh Arabic"),
    ("he", "Noto Sans Hebrew"),
    ("yi", "Noto Sans Hebrew"),
    ("th", "Noto Serif Thai"),
    ("hi", "Noto Sans Devanagari"),
    ("mr", "Noto Sans Devanagari"),
    ("ne", "Noto Sans Devanagari"),
    ("km", "Noto Sans Khmer"),
)

CJK_PREFIX = "Noto Sans CJK"


def font_stack(face: str | None = None) -> tuple[str, ...]:
    """A CJK language's face leads (its Latin and punctuation are made to match its Han);
    any other face follows Noto Sans, so Latin looks the same in every column."""
    if face is None:
        return FALLBACK_FACES
    rest = tuple(f for f in FALLBACK_FACES if f != face)
    if face.startswith(CJK_PREFIX):
        return (face, *rest)
    return (rest[0], face, *rest[1:])


def _css_family(stack: tuple[str, ...]) -> str:
    return ", ".join(f'"{face}"' for face in stack) + ", sans-serif"


def _selector_applies(selector: str, tags: frozenset[str]) -> bool:
    return any(t == selector or t.startswith(selector + "-") for t in tags)


def font_css(tags: Iterable[str] | None = None) -> str:
    """The font-family rules, one per language: all of them, or only those that can match
    one of `tags` (fewer rules to match against every element). Constant text: no user
    input reaches it."""
    wanted = None if tags is None else frozenset(tags)
    rules = [f"html {{ font-family: {_css_family(font_stack())}; }}"]
    rules += [
        f":lang({selector}) {{ font-family: {_css_family(font_stack(face))}; }}"
        for selector, face in LANGUAGE_FACES
        if wanted is None or _selector_applies(selector, wanted)
    ]
    return "\n".join(rules)


_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
_SARA_AM = re.compile(f"([{_TONE_MARKS}]?)\u0e33")


def extractable_thai(text: str) -> str:
    """SARA AM (ำ) spelled as NIKHAHIT + SARA AA, the nikhahit before any tone mark: the
    very glyphs, in the very order, HarfBuzz draws for it (pixel-identical pages), but each
    glyph now stands for one character, so copied text keeps า and ำ apart. Extracted text
    equals the original under NFKC up to that mark order."""
    return _SARA_AM.sub("\u0e4d\\1\u0e32", text)


_state = threading.local()


def font_configuration() -> FontConfiguration:
    """This process's font configuration, made at first use. Per thread too: sharing one
    between threads corrupts memory; a forked child makes its own."""
    pid = os.getpid()
    if getattr(_state, "pid", None) != pid:
        from weasyprint.text.fonts import FontConfiguration

        _state.config = FontConfiguration()
        _state.pid = pid
    config: FontConfiguration = _state.config
    return config
