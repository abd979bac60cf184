"""Looking inside a PDF with the real tools: poppler's pdftotext/pdffonts/pdftoppm, zbarimg,
pypdf and fontTools. Helpers for tests, no assertions."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from itineraries.fetcher import STATIC_DIR, ResourceRefused, StaticFileFetcher

BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def tool(name: str) -> str:
    """The full path of a command-line tool (poppler-utils, zbar-tools)."""
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} is not installed")
    return path


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            [*args, str(path), *(["-"] if args[0] == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    return done.stdout


def pdftotext(pdf: bytes, *options: str) -> str:
    return _run(["pdftotext", "-enc", "UTF-8", *options], pdf)


def squeeze(text: str) -> str:
    """NFKC, no bidi controls, no whitespace: what survives any line wrapping."""
    text = unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS)
    return "".join(text.split())


@dataclass(frozen=True)
class FontRow:
    name: str  # without the subset tag
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def pdffonts(pdf: bytes) -> list[FontRow]:
    rows = []
    for line in _run(["pdffonts"], pdf).splitlines()[2:]:
        # name, type (may contain spaces), encoding, emb, sub, uni, object id, generation
        match = re.match(
            r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line
        )
        if match:
            name = match[1].split("+", 1)[-1]
            rows.append(
                FontRow(name, match[2], match[4] == "yes", match[5] == "yes", match[6] == "yes")
            )
    return rows


@dataclass(frozen=True)
class EmbeddedFont:
    """One font of the PDF: what its ToUnicode map says each drawn glyph stands for, and
    what its embedded program holds."""

    name: str
    to_unicode: dict[int, str]
    glyph_count: int  # glyphs in the embedded program
    cmap: frozenset[str]  # characters the embedded program maps

    def bad_glyphs(self) -> dict[int, str]:
        """Drawn glyphs the program does not have: WeasyPrint numbers the glyphs of
        characters no font covers past the end of the font (and draws .notdef)."""
        return {
            gid: text
            for gid, text in self.to_unicode.items()
            if not (gid == 0 and text == "\uffff") and not 0 < gid < self.glyph_count
        }


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for gid, hexa in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", data):
        mapping[int(gid, 16)] = bytes.fromhex(hexa).decode("utf-16-be")
    return mapping


def _program(font: DictionaryObject) -> TTFont:
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    key = next(k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor)
    return TTFont(io.BytesIO(descriptor[key].get_object().get_data()))


@lru_cache(maxsize=64)
def embedded_fonts(pdf: bytes) -> tuple[EmbeddedFont, ...]:
    """Every Type0 font used on any page, read with pypdf; programs parsed by fontTools."""
    reader = PdfReader(io.BytesIO(pdf))
    seen: dict[str, EmbeddedFont] = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/")
            if name in seen or font["/Subtype"] != "/Type0":
                continue
            program = _program(font)
            cmap = program.getBestCmap() if "cmap" in program else {}
            seen[name] = EmbeddedFont(
                name=name.split("+", 1)[-1],
                to_unicode=_to_unicode(font),
                glyph_count=program["maxp"].numGlyphs,
                cmap=frozenset(chr(c) for c in (cmap or {})),
            )
    return tuple(seen.values())


def needs_glyph(char: str) -> bool:
    """Characters that are drawn (not spaces, controls, joiners, variation selectors)."""
    return unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cf") and not (
        "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"
    )


def uncovered_characters(pdf: bytes, text: str) -> set[str]:
    """Characters of `text` that no embedded font draws with a real glyph: a character
    counts as covered when some font's program maps it or some real glyph stands for it
    in the font's ToUnicode map (contextual forms, ligatures and conjuncts are not in the
    program's cmap). A glyph that the program does not have (see `bad_glyphs`) covers
    nothing."""
    fonts = embedded_fonts(pdf)
    covered: set[str] = set()
    for font in fonts:
        bad = font.bad_glyphs()
        covered |= font.cmap
        for gid, chars in font.to_unicode.items():
            if gid not in bad:
                covered |= set(chars)
    missing = {c for c in text if needs_glyph(c) and c not in covered}
    for font in fonts:
        missing |= {c for chars in font.bad_glyphs().values() for c in chars if needs_glyph(c)}
    return missing


def fonts_drawing(pdf: bytes, char: str) -> set[str]:
    """Names of the fonts whose ToUnicode map has a glyph standing for `char`."""
    return {
        f.name for f in embedded_fonts(pdf) if any(char in chars for chars in f.to_unicode.values())
    }


def decode_qr(pdf: bytes, page: int = 1) -> list[str]:
    """QR codes on one page, rendered at 150 dpi and read by zbarimg."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                tool("pdftoppm"),
                "-r",
                "150",
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                "-singlefile",
                str(path),
                str(Path(tmp) / "page"),
            ],
            check=True,
            timeout=60,
        )
        done = subprocess.run(
            [
                tool("zbarimg"),
                "--quiet",
                "--raw",
                "-Sdisable",
                "-Sqrcode.enable",
                str(Path(tmp) / "page.png"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    return [line for line in done.stdout.splitlines() if line]


@dataclass(frozen=True)
class WordBox:
    text: str
    x_min: float
    x_max: float
    page_width: float


def word_boxes(pdf: bytes) -> list[WordBox]:
    """Every word's horizontal extent (pdftotext -bbox), with its page's width."""
    html = pdftotext(pdf, "-bbox")
    boxes = []
    for page in re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, re.S):
        width = float(page[1])
        for word in re.finditer(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"'
            r"[^>]*>(.*?)</word>",
            page[2],
        ):
            boxes.append(WordBox(word[3], float(word[1]), float(word[2]), width))
    return boxes


class RecordingFetcher(StaticFileFetcher):
    """Our fetcher, writing down every URL it is asked for and what it refused."""

    def __init__(self) -> None:
        super().__init__(STATIC_DIR)
        self.asked: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None):  # type: ignore[no-untyped-def]
        self.asked.append(url)
        try:
            return super().fetch(url, headers)
        except ResourceRefused:
            self.refused.append(url)
            raise


def page_texts(pdf: bytes, *options: str) -> list[str]:
    """pdftotext of each page, in page order."""
    return pdftotext(pdf, *options).split("\f")[: len(PdfReader(io.BytesIO(pdf)).pages)]


@dataclass(frozen=True)
class SizedText:
    page: int  # 0-based
    text: str  # as the font's ToUnicode map says (drawing order)
    size_pt: float  # as printed: the font size scaled by the text and current matrices


def _scale(cm: list[float], tm: list[float]) -> float:
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    return float(abs(a * d - b * c) ** 0.5)


def sized_texts(pdf: bytes) -> list[SizedText]:
    """Every piece of text with the size it is printed at (rotation and scaling included)."""
    found: list[SizedText] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float,
                  number: int = number) -> None:
            if text.strip():
                found.append(SizedText(number, text, size * _scale(cm, tm)))

        page.extract_text(visitor_text=visit)
    return found
