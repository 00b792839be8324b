"""One walk through the browser in a real headless Chromium (Debian's, driven by Playwright).

The app is served by werkzeug on a free loopback port in a thread (``server`` in conftest).
The walk: home page, search for a person, the person, a body, a meeting, and an example query
on the query page; each step is screenshotted and the screenshots are checked to be pictures,
not blank.
"""

from __future__ import annotations

import statistics
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest


def png_pixels(data: bytes) -> tuple[int, int, list[int]]:
    """Decode an 8-bit RGB/RGBA PNG (as Chromium writes them) into grey levels per pixel."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    grey: list[int] = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        grey.extend(sum(line[x:x + 3]) // 3 for x in range(0, stride, channels))
        previous = line
    return width, height, grey


def assert_not_blank(path: Path) -> None:
    width, height, grey = png_pixels(path.read_bytes())
    assert width > 0 and height > 0
    assert len(set(grey)) > 20, f"{path.name}: too few distinct shades, looks blank"
    assert statistics.pstdev(grey) > 10, f"{path.name}: almost uniform, looks blank"
    dark = sum(1 for g in grey if g < 128) / len(grey)
    assert 0.005 < dark < 0.9, f"{path.name}: {dark:.1%} dark pixels"


@pytest.mark.browser
def test_walk_through_the_browser(browser_page: Any, tmp_path: Path) -> None:
    page = browser_page
    shots: list[Path] = []

    def shot(name: str) -> None:
        target = tmp_path / f"{len(shots) + 1:02d}-{name}.png"
        page.screenshot(path=str(target), full_page=False)
        shots.append(target)

    assert page.locator("h1").inner_text() == "kommunegraf"
    assert page.locator("html").get_attribute("lang") == "da"
    shot("home")

    page.get_by_label("Søg efter navne, titler, beslutninger og citater").first.fill(
        "steinar kristen")
    page.locator("main form[role=search] button").click()
    page.wait_for_url("**/search?q=*")
    assert page.locator("#group-person").is_visible()
    shot("search")

    page.locator("main a", has_text="Steinar Eggen Kristiansen").first.click()
    page.wait_for_url("**/id/person/steinar-eggen-kristiansen")
    assert page.locator("h1").inner_text() == "Steinar Eggen Kristiansen"
    assert page.get_by_text("Hvorfor det er én person").is_visible()
    shot("person")

    page.locator(".timeline a", has_text="Uddannelsesstyregruppen").first.click()
    page.wait_for_url("**/id/body/uddannelsesstyregruppen")
    assert page.locator("ul.tree").is_visible()
    page.locator("dl.facts a", has_text="KD-Net").click()
    page.wait_for_url("**/id/body/kd-net")
    assert page.locator("h1").inner_text() == "KD-Net"
    shot("body")

    page.locator("section[aria-labelledby=meetings-h] a", has_text="29. maj 2020").click()
    page.wait_for_url("**/id/meeting/kd-net--2020-05-29")
    assert "Møde i KD-Net" in page.locator("h1").inner_text()
    assert page.locator(".badge.outcome-appointed").is_visible()
    shot("meeting")

    page.get_by_role("link", name="Referat af møde i KD-Net den 29. maj 2020").last.click()
    page.wait_for_url("**/id/document/*")
    assert page.locator(".doc-text mark").count() > 10
    shot("document")

    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="SPARQL").click()
    page.wait_for_url("**/sparql")
    page.locator("article.example").first.get_by_role(
        "link", name="Kør eksemplet").click()
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() >= 3
    assert page.locator("table.results", has_text="Jesper Kaas Schmidt").is_visible()
    shot("query")

    page.keyboard.press("Tab")  # the skip link is first and visibly focused
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"
    shot("focus")

    assert len(shots) == 8
    for path in shots:
        assert_not_blank(path)
