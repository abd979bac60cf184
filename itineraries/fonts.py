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

        subset_in_one_pass()

        _state.config = FontConfiguration()
        _state.pid = pid
    config: FontConfiguration = _state.config
    return config


# ---------------------------------------------------------------- font subsetting, one pass

_SUBSET_PATCHED: list[bool] = []
# WeasyPrint's own two-pass method, once replaced (the tests compare both outputs).
weasyprint_subset: list[object] = []


def subset_in_one_pass() -> None:
    """Make WeasyPrint subset each embedded font with one HarfBuzz call instead of two.

    WeasyPrint 70 (`weasyprint.pdf.fonts.Font._harfbuzz_subset`) subsets twice: first
    keeping the used glyphs at their ids (RETAIN_GIDS: the PDF's text refers to glyphs by
    id), then again over every id up to the last one used, to drop hinting. The first
    call's result already ends at the last used glyph, so the second one only removes
    hints, yet it walks every glyph id below that one: for a Hangul or kana glyph of Noto
    Sans CJK that is some 60,000 empty glyphs, and the second call cost more than the
    first (26 ms against 8 ms for the two passes of one CJK face, CPU). Asking for "no
    hinting" in the first call gives byte-identical fonts (checked on the itinerary's
    faces) in about a third of the time.

    Only for CFF-flavoured faces (Noto Sans CJK): the cost is theirs. TrueType faces (Noto
    Sans, Naskh Arabic, …) are small and keep both passes: there, glyphs that the first
    pass pulls in beyond the last used one (composite parts, ligatures) are what the
    second drops.

    Any other WeasyPrint version keeps its own subsetting: this replaces one private
    method whose body we know, so it applies to 70.x only. Idempotent.
    """
    if _SUBSET_PATCHED:
        return
    _SUBSET_PATCHED.append(True)
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.pdf import fonts as pdf_fonts  # type: ignore[import-untyped]

    if not weasyprint.__version__.startswith("70.") or not hasattr(
        pdf_fonts.Font, "_harfbuzz_subset"
    ):
        return
    from weasyprint.text.ffi import (  # type: ignore[import-untyped]
        ffi,
        harfbuzz,
        harfbuzz_subset,
    )
    from weasyprint.text.fonts import get_hb_object_data

    drop_tables = sorted(harfbuzz.hb_tag_from_string(name, -1) for name in (
        b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
        b"LTSH", b"PCLT", b"SVG "))

    two_passes = pdf_fonts.Font._harfbuzz_subset
    weasyprint_subset.append(two_passes)

    def one_pass(self: pdf_fonts.Font, to_unicode: dict[int, str], hinting: bool) -> None:
        if "CFF " not in self.tables:
            two_passes(self, to_unicode, hinting)
            return
        hb_subset = ffi.gc(
            harfbuzz_subset.hb_subset_input_create_or_fail(),
            harfbuzz_subset.hb_subset_input_destroy)
        gid_set = harfbuzz_subset.hb_subset_input_glyph_set(hb_subset)
        gids = sorted(to_unicode)
        gid_array = ffi.new(f"hb_codepoint_t[{len(gids)}]", gids)
        harfbuzz.hb_set_add_sorted_array(gid_set, gid_array, len(gids))
        flags = (
            harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
            | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
            | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
        if not hinting:
            flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
        if self.missing:
            flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
        harfbuzz_subset.hb_subset_input_set_flags(hb_subset, flags)
        drop_set = harfbuzz_subset.hb_subset_input_set(
            hb_subset, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
        drop_array = ffi.new(f"hb_codepoint_t[{len(drop_tables)}]", drop_tables)
        harfbuzz.hb_set_add_sorted_array(drop_set, drop_array, len(drop_tables))
        hb_face = ffi.gc(
            harfbuzz_subset.hb_subset_or_fail(self.hb_face, hb_subset),
            harfbuzz.hb_face_destroy)
        if hb_face:
            file_content = get_hb_object_data(hb_face)
            if file_content:
                self.file_content = file_content
                return
        pdf_fonts.LOGGER.warning('Unable to subset "%s" with HarfBuzz', self.family)

    pdf_fonts.Font._harfbuzz_subset = one_pass
