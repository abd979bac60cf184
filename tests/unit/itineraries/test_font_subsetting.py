"""The one-pass CJK subsetting (fonts.subset_in_one_pass) against WeasyPrint's own two
passes: the same PDF, byte for byte, for documents whose text needs Noto Sans CJK."""

from __future__ import annotations

import pytest
from weasyprint.pdf import fonts as pdf_fonts  # type: ignore[import-untyped]

from itineraries import fonts
from itineraries.pdf import render_itinerary_pdf
from tests.unit.itineraries.pdf_tools import pdffonts
from tests.unit.itineraries.test_itinerary_pdf import sample_itinerary


@pytest.mark.parametrize("lang", ["ja", "zh-Hant", "ko"])
def test_one_pass_subsetting_gives_the_same_pdf(lang: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    itinerary = sample_itinerary(lang)
    ours = render_itinerary_pdf(itinerary, lang)  # the first render installs it
    assert fonts.weasyprint_subset, "WeasyPrint 70's subsetting was not replaced"
    assert pdf_fonts.Font._harfbuzz_subset is not fonts.weasyprint_subset[0]
    monkeypatch.setattr(pdf_fonts.Font, "_harfbuzz_subset", fonts.weasyprint_subset[0])
    theirs = render_itinerary_pdf(itinerary, lang)
    assert any("Noto-Sans-CJK" in font.name and font.embedded for font in pdffonts(ours))
    assert ours == theirs
