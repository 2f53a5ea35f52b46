"""The explanation panels on the real window: links drive the 3D view, the 3D view opens the text, and
documents are shown safely whatever is in them."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QTextDocument

from spineviz.content.articles import load_article, section_for_joint
from spineviz.content.linker import link_html, parse_href
from spineviz.motion import Motion

pytestmark = pytest.mark.gui

IMAGE = int(QTextDocument.ResourceType.ImageResource.value)


@pytest.fixture
def ex(window):
    from spineviz.app.explain import install_explanations

    return install_explanations(window)


def _click(ex, href: str) -> None:
    ex.documents.browser.anchorClicked.emit(QUrl(href))


def _zone(svg: str, zone: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if g.get("id") == f"zone-{zone}":
            return dict(g.attrib)
    raise AssertionError(f"no zone {zone} in the SVG")


def _shaded_paths(svg: str, zone: str) -> list[dict[str, str]]:
    root = ET.fromstring(svg)
    return [
        dict(p.attrib)
        for p in root.iter("{http://www.w3.org/2000/svg}path")
        if p.get("data-zone") == zone and p.get("data-frequency") != "none"
    ]


# --- installing -----------------------------------------------------------------------------------


def test_panels_and_menus_are_installed(window, ex):
    from PySide6.QtWidgets import QDockWidget

    assert window.findChild(QDockWidget, "dockReading") is ex.reading_dock
    assert window.findChild(QDockWidget, "dockBodyMap") is ex.bodymap_dock
    assert ex.open_action.shortcut().toString() == "Ctrl+O"
    assert ex.open_action in window.actions()
    titles = [a.text() for a in ex.articles_menu.actions()]
    assert len(titles) == 11 and "Where facet pain is felt" in titles and "Reading your scan report" in titles
    ex.article_actions[titles.index("Where facet pain is felt")].trigger()
    assert ex.documents.current_source == "article:referred-pain"
    # the 3D view stays the largest thing in the window
    central = window.centralWidget().size()
    assert central.width() >= 560 and central.height() >= 600
    assert ex.reading_dock in window.tabifiedDockWidgets(window.findChild(QDockWidget, "dockMotion"))
    assert ex.bodymap_dock in window.tabifiedDockWidgets(window.findChild(QDockWidget, "dockDisplay"))


def test_one_tab_bar_per_tab_group(window, ex, qtbot):
    from PySide6.QtWidgets import QTabBar

    qtbot.wait(50)
    groups = [tuple(b.tabText(i) for i in range(b.count())) for b in window.findChildren(QTabBar) if b.isVisible()]
    assert len(groups) == len(set(groups)), groups


# --- text → 3D --------------------------------------------------------------------------------------


def test_linker_href_format_is_what_the_panel_reads():
    html = link_html("<p>Pain from the L4-L5 facet joints in the buttock.</p>")
    assert 'href="spineviz:joint/L4/5"' in html
    assert 'href="spineviz:body_area/buttock"' in html
    assert parse_href("spineviz:joint/L4/5") == ("joint", "L4/5")


def test_clicking_a_joint_link_selects_the_facet_and_keeps_the_text(window, ex, qtbot):
    ex.documents.open_article("facet-joints")
    place = ex.documents.place
    with qtbot.waitSignal(window.live.changed):
        _click(ex, "spineviz:joint/L4/5")
    assert window.live.state.selection == "L4/5 left"
    assert ex.documents.place == place  # the reader stays where they were
    assert ex.bodymap.joint_names() == ["L4/5 left"]
    _click(ex, "spineviz:joint/L5/S1#right")
    assert window.live.state.selection == "L5/S1 right"


def test_the_side_written_in_the_text_picks_the_facet(window, ex, tmp_path):
    doc = tmp_path / "note.md"
    doc.write_text("# Note\n\nPain from the right L5/S1 facet. The L3/4 on the left is quiet. The C5/6 joint.\n")
    assert ex.open_document(str(doc))
    html = ex.documents.html
    assert 'href="spineviz:joint/L5/S1#right"' in html
    assert 'href="spineviz:joint/L3/4#left"' in html
    assert 'href="spineviz:joint/C5/6"' in html
    hrefs = re.findall(r'href="(spineviz:joint/L5/S1[^"]*)"', html)
    _click(ex, hrefs[0])
    assert window.live.state.selection == "L5/S1 right"


def test_clicking_a_level_selects_the_vertebra(window, ex):
    _click(ex, "spineviz:level/L3")
    assert window.live.state.selection == "L3"
    assert {s.name for s, _ in ex.bodymap.joints} == {"L2/3", "L3/4"}


def test_clicking_a_motion_moves_the_current_region(window, ex, qtbot):
    from spineviz.app.explain import representative_motion

    window.live.set_motion(Motion(region="lumbar"))
    target = representative_motion("extension", "lumbar")
    assert target.flexion < 0 and target.region == "lumbar"
    _click(ex, "spineviz:motion/extension")
    qtbot.waitUntil(lambda: window.live.state.motion == target, timeout=5000)
    assert window.live.pose().motion == target
    _click(ex, "spineviz:motion/rotation")
    qtbot.waitUntil(lambda: window.live.state.motion.axial_rotation > 0, timeout=5000)
    qtbot.waitUntil(lambda: not ex.tween.state() == ex.tween.State.Running, timeout=5000)
    assert window.live.state.motion.flexion == 0


def test_clicking_a_region_zooms_to_it(window, ex, monkeypatch):
    seen = []
    monkeypatch.setattr(window, "zoom_to_region", seen.append)
    _click(ex, "spineviz:region/cervical")
    assert seen == ["cervical"]


def test_clicking_a_body_area_shows_the_joints_that_refer_there(window, ex, monkeypatch):
    from spineviz.app.explain import FREQUENCY_COLOURS

    moves = []
    monkeypatch.setattr(window.viewport, "zoom_to", moves.append)
    _click(ex, "spineviz:body_area/buttock")
    segments = {s.name for s, _ in ex.bodymap.joints}
    assert {"L4/5", "L5/S1"} <= segments and all(n.startswith("L") for n in segments)
    assert _zone(ex.bodymap.svg_text, "buttock")["data-frequency"] == "typical"
    assert "buttock" in ex.bodymap.heading.text()
    colour = window.actors.cartilage[("L4/5 left", "upper")].prop.color
    assert tuple(round(c, 2) for c in colour)[:3] == tuple(round(c, 2) for c in FREQUENCY_COLOURS["typical"])
    assert moves, "the camera frames the joints"
    assert window.live.state.selection is None


def test_the_groin_is_shaded_on_the_body_maps_front_view(window, ex):
    """Groin pain from L2 to L5 (Marks 1989): the Body map panel draws it in front, on both sides."""
    _click(ex, "spineviz:body_area/groin")
    views = {p["data-view"] for p in _shaded_paths(ex.bodymap.svg_text, "groin")}
    assert "front" in views
    assert {s.name for s, _ in ex.bodymap.joints} >= {"L2/3", "L3/4", "L4/5", "L5/S1"}


def test_a_place_no_joint_refers_to_shows_its_advice_not_joints(window, ex):
    """The front of the thigh: no facet joint study in the atlas maps pain there; the map says so."""
    _click(ex, "spineviz:body_area/anterior_thigh")
    assert ex.bodymap.joints == ()
    assert "anterior thigh" in ex.bodymap.heading.text()
    assert "No facet joint study" in ex.bodymap.caption.text() and "clinician" in ex.bodymap.caption.text()


def test_outside_links_are_not_opened(window, ex):
    before = ex.documents.place
    _click(ex, "https://example.org/page")
    assert "not opened" in ex.documents.notice.text()
    assert ex.documents.place == before


def test_links_between_articles_open_the_other_article(window, ex):
    ex.documents.open_article("referred-pain")
    assert 'href="spineviz:article/red-flags"' in ex.documents.html
    _click(ex, "spineviz:article/red-flags")
    assert ex.documents.current_source == "article:red-flags"


# --- 3D → text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("joint", "zone"), [("L4/5 right", "buttock"), ("C5/6 left", "suprascapular")])
def test_selecting_a_facet_opens_its_section_and_body_map(window, ex, joint, zone):
    window.live.select(joint)
    segment = joint.split()[0]
    audience = ex.documents.audience
    article_id, anchor = section_for_joint(segment, audience)
    assert ex.documents.current_source == f"article:{article_id}" == "article:referred-pain"
    assert ex.documents.current_anchor == anchor
    heading = next(s.heading for s in load_article(article_id, audience).sections if s.anchor == anchor)
    assert segment in heading
    assert f'id="{anchor}"' in ex.documents.html
    side = joint.split()[1]
    paths = _shaded_paths(ex.bodymap.svg_text, zone)
    assert paths and {p["data-side"] for p in paths} == {side}
    assert all(segment in p["data-joints"] for p in paths)
    assert ex.bodymap_dock.isVisible() and ex.reading_dock.isVisible()


def test_read_more_opens_the_section(window, ex):
    window.info_panel.read_more.emit("L5/S1")
    assert ex.documents.current_anchor == section_for_joint("L5/S1", ex.documents.audience)[1]


def test_audience_switch_swaps_the_article_version(window, ex):
    window.set_audience("clinician")
    window.live.select("L4/5 left")
    clinician_html = ex.documents.html
    window.set_audience("patient")
    assert ex.documents.audience == "patient" and ex.bodymap.audience == "patient"
    assert ex.documents.html != clinician_html
    assert ex.documents.current_source == "article:referred-pain"
    assert ex.documents.current_anchor == section_for_joint("L4/5", "patient")[1]
    assert 'data-audience="patient"' in ex.bodymap.svg_text
    window.set_audience("educator")  # educators read the clinician's version
    assert ex.documents.audience == "clinician"


def test_a_body_area_map_follows_the_audience(window, ex):
    window.set_audience("clinician")
    _click(ex, "spineviz:body_area/shoulder_blade")
    assert ex.bodymap.heading.text() == "Facet joints that refer pain to the shoulder blade"
    assert "Typical:" in ex.bodymap.caption.text()
    window.set_audience("patient")
    assert ex.bodymap.heading.text() == "Facet joints whose pain can be felt in the shoulder blade"
    assert "Often:" in ex.bodymap.caption.text() and "C7/T1" in ex.bodymap.caption.text()
    window.live.select("C6/7 left")
    assert ex.area is None and ex.bodymap.joint_names() == ["C6/7 left"]


# --- documents, safely ------------------------------------------------------------------------------

HOSTILE = """<!doctype html><html><head><title>Hostile</title>
<meta http-equiv="refresh" content="0; url=http://evil.example/">
<link rel="stylesheet" href="http://evil.example/s.css"><style>body{background:url(http://evil.example/b.png)}</style>
<script>alert('x')</script></head><body>
<h1>Facet pain</h1>
<p onclick="steal()">Bending backwards loads the L4/5 facets.</p>
<img src="http://evil.example/track.png" onerror="alert(1)">
<img src="file:///etc/passwd">
<iframe src="http://evil.example/frame"></iframe>
<a href="javascript:alert(1)">click me</a>
<a href="JaVaScRiPt&#58;alert(2)">and me</a>
<svg><script>alert(3)</script></svg>
<form action="http://evil.example/"><input name="q"></form>
<object data="http://evil.example/x.swf"></object>
</body></html>"""


def test_hostile_html_is_shown_sanitised_and_fetches_nothing(window, ex, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE)
    assert ex.open_document(str(page))
    html = ex.documents.html.lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "evil.example",
        "<iframe",
        "javascript",
        "<form",
        "<object",
        "<meta",
        "<link",
        "<style",
        "alert(",
    ):
        assert bad not in html, bad
    text = ex.documents.plain_text()
    assert "Bending backwards loads the L4/5 facets." in text
    assert "click me" in text
    assert ex.documents.current_source == f"file:{page}"
    assert ex.documents.doc_title.isVisible() and "Hostile" in ex.documents.doc_title.text()
    assert not any("evil" in u or u.startswith("file:") for u in ex.documents.browser.refused)
    # the terms in it still link to the 3D view
    assert 'href="spineviz:motion/extension"' in ex.documents.html


def _nothing(value, kind) -> bool:
    """What loadResource answers for a refused URL: a blank 1x1 image, or empty bytes (never null)."""
    if kind == IMAGE:
        return isinstance(value, QImage) and value.width() == value.height() == 1 and value.pixel(0, 0) == 0
    return isinstance(value, (bytes, QByteArray)) and len(value) == 0


@pytest.mark.parametrize(
    "url", ["http://evil.example/x.png", "https://evil.example/x.css", "file:///etc/passwd", "x.png", "//evil/x", ""]
)
def test_load_resource_never_fetches(ex, url):
    browser = ex.documents.browser
    for kind in (1, IMAGE, 3):
        assert _nothing(browser.loadResource(kind, QUrl(url)), kind)


def test_the_browser_reads_no_local_file_even_unsanitised(ex, tmp_path):
    """A null answer from loadResource makes QTextDocument read local files itself; ours never is null."""
    picture = tmp_path / "real.png"
    image = QImage(7, 5, QImage.Format.Format_RGB32)
    image.fill(0xFF00FF00)
    image.save(str(picture))
    css = tmp_path / "secret.css"
    css.write_text("p { color: #ff0000 }")
    browser = ex.documents.browser
    browser.setHtml(
        f'<html><head><link rel="stylesheet" href="{css.as_uri()}"></head>'
        f'<body><p>hello</p><img src="{picture.as_uri()}"><img src="{picture}"></body></html>'
    )
    doc = browser.document()
    assert doc.find("hello").charFormat().foreground().color().name() != "#ff0000"
    for url in (picture.as_uri(), str(picture)):
        loaded = doc.resource(IMAGE, QUrl(url))
        assert loaded is None or loaded.width() == 1, url
    assert not doc.resource(3, QUrl(css.as_uri()))
    assert picture.as_uri() in browser.refused


def test_inline_images_are_the_only_resource(ex):
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(0xFF336699)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    url = "data:image/png;base64," + base64.b64encode(bytes(data)).decode()
    loaded = ex.documents.browser.loadResource(IMAGE, QUrl(url))
    assert isinstance(loaded, QImage) and loaded.width() == 2
    broken = ex.documents.browser.loadResource(IMAGE, QUrl("data:image/png;base64,bm90IGFuIGltYWdl"))
    assert _nothing(broken, IMAGE)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not text"),
        ("nul.md", b"abc\x00\x01\x02" * 500, "not text"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b"   \n\n\t  \n", "blank"),
        ("huge.txt", b"x" * (5 * 1024 * 1024 + 1), "limit"),
        ("paper.pdf", b"%PDF-1.7\n", "not supported"),
    ],
)
def test_bad_files_get_a_clear_message_and_the_app_stays_up(window, ex, tmp_path, name, content, words):
    ex.documents.open_article("facet-joints")
    before = (ex.documents.place, ex.documents.html)
    path = tmp_path / name
    path.write_bytes(content)
    assert not ex.open_document(str(path))
    notice = ex.documents.notice
    assert notice.isVisible() and words in notice.text() and name in notice.text()
    assert (ex.documents.place, ex.documents.html) == before
    assert window.isVisible()
    ex.documents.open_article("why-facets-hurt")  # still works
    assert not notice.isVisible()


def test_a_missing_file_gets_a_message(ex, tmp_path):
    assert not ex.open_document(str(tmp_path / "gone.md"))
    assert "no such file" in ex.documents.notice.text()


def test_a_long_document_is_shown_without_term_links(ex, tmp_path):
    from spineviz.app.document_panel import LINK_TEXT_LIMIT

    path = tmp_path / "long.txt"
    para = "The L4/5 facet joint can refer pain to the buttock when bending backwards.\n\n"
    path.write_text(para * (LINK_TEXT_LIMIT // len(para) + 10))
    assert ex.open_document(str(path))
    assert "spineviz:" not in ex.documents.html
    assert "not linked" in ex.documents.notice.text()


def test_unrelated_words_are_not_linked(ex, tmp_path):
    path = tmp_path / "screening.txt"
    path.write_text("Book your cervical cancer screening. Back pain in the lower back is common.\n")
    assert ex.open_document(str(path))
    assert "spineviz:region/cervical" not in ex.documents.html
    assert "spineviz:region/lumbar" in ex.documents.html


# --- reading tools ------------------------------------------------------------------------------------


def test_search_finds_a_word_and_reports_no_match(ex):
    docs = ex.documents
    docs.open_article("facet-joints")
    assert docs.find("cartilage")
    assert docs.browser.textCursor().selectedText().lower() == "cartilage"
    first = docs.browser.textCursor().selectionStart()
    assert re.fullmatch(r"1 of \d+", docs.matches.text())
    assert docs.find_next()
    assert docs.browser.textCursor().selectionStart() > first
    assert docs.find_previous()
    assert docs.browser.textCursor().selectionStart() == first
    assert len(docs.browser.extraSelections()) >= 2
    assert not docs.find("qqzzxxnotaword")
    assert docs.matches.text() == "No match"
    docs.clear_search()
    assert docs.matches.text() == "" and not docs.browser.extraSelections()


def test_contents_list_jumps_to_a_heading(ex):
    docs = ex.documents
    docs.open_article("referred-pain")
    item = next(docs.contents.item(i) for i in range(docs.contents.count()) if "L4/5" in docs.contents.item(i).text())
    docs._contents_clicked(item)
    assert docs.current_anchor == section_for_joint("L4/5", docs.audience)[1]
    assert docs.browser.verticalScrollBar().value() > 0


def test_back_and_forward(ex):
    docs = ex.documents
    docs.open_article("facet-joints")
    docs.open_article("referred-pain")
    anchor = load_article("referred-pain", docs.audience).sections[2].anchor
    docs.go_to_anchor(anchor)
    assert docs.can_go_back() and not docs.can_go_forward()
    docs.back()
    assert docs.place.source == "article:referred-pain" and docs.current_anchor == ""
    docs.back()
    assert docs.current_source == "article:facet-joints"
    assert docs.picker.currentData() == "facet-joints"
    docs.forward()
    docs.forward()
    assert docs.current_anchor == anchor and not docs.can_go_forward()
    assert not docs.forward_button.isEnabled() and docs.back_button.isEnabled()
    docs.back()
    docs.open_article("red-flags")  # a new page drops the forward history
    assert not docs.can_go_forward()


def test_font_size_buttons_and_keys(window, ex, qtbot):
    from PySide6.QtCore import Qt

    docs = ex.documents
    size = docs.browser.document().defaultFont().pointSizeF()
    docs.larger.click()
    assert docs.browser.document().defaultFont().pointSizeF() == size + 1
    docs.smaller.click()
    docs.smaller.click()
    assert docs.browser.document().defaultFont().pointSizeF() == size - 1
    ex.reading_dock.raise_()
    window.activateWindow()
    docs.browser.setFocus()
    qtbot.waitUntil(docs.browser.hasFocus, timeout=3000)
    qtbot.keyClick(docs.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(docs.browser, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert docs.font_size == size + 1
    qtbot.keyClick(docs.browser, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert docs.font_size == size
    docs.set_font_size(1000)
    assert docs.font_size == 32 and not docs.larger.isEnabled()


# --- body map export and teardown ---------------------------------------------------------------------


def test_body_map_exports_svg_and_png(window, ex, tmp_path):
    window.live.select("L5/S1 left")
    svg = ex.bodymap.export_svg(tmp_path / "map.svg")
    png = ex.bodymap.export_png(tmp_path / "map.png", width=400)
    assert ET.parse(svg).getroot().get("data-joints") == "L5/S1 left"
    image = QImage(str(png))
    assert image.width() == 400 and image.height() > 200
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "map.svg"]  # no temporary files left
    with pytest.raises(OSError):
        ex.bodymap.export_svg(tmp_path / "no-such-folder" / "map.svg")


def test_enlarged_body_map_goes_back_when_the_window_closes(window, ex, qtbot):
    ex.bodymap.large_button.click()
    assert ex.bodymap_dock.isFloating() and ex.bodymap_dock.width() >= 600
    window.close()
    assert not ex.bodymap_dock.isFloating()


def test_closing_mid_motion_is_clean(window, ex, qtbot):
    _click(ex, "spineviz:motion/flexion")
    assert ex.tween.state() == ex.tween.State.Running
    window.close()
    assert ex.tween.state() == ex.tween.State.Stopped
    window.close()  # twice is fine
    _click(ex, "spineviz:joint/L4/5")  # a late click on a closed window does nothing


def test_installed_before_the_window_shows(qtbot, tmp_path):
    """As in the app: installed at the end of MainWindow.__init__, before the first show."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDockWidget, QTabBar

    from spineviz.app.explain import install_explanations
    from spineviz.app.window import MainWindow

    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    ex = install_explanations(w)
    w.live.select("L4/5 right")
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    try:
        assert ex.reading_dock in w.tabifiedDockWidgets(w.findChild(QDockWidget, "dockMotion"))
        assert ex.bodymap_dock.isVisible() and ex.reading_dock.isVisible()  # raised for the selection
        w.resize(1400, 900)
        qtbot.wait(50)
        bars = [b for b in w.findChildren(QTabBar) if b.isVisible()]
        groups = [tuple(b.tabText(i) for i in range(b.count())) for b in bars]
        assert len(groups) == len(set(groups)) == 2, groups
    finally:
        w.close()
    # the layout comes back next time, docks included
    w2 = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w2)
    ex2 = install_explanations(w2)
    w2.show()
    qtbot.waitExposed(w2)
    try:
        assert not ex2._tabify_pending
        assert ex2.reading_dock in w2.tabifiedDockWidgets(w2.findChild(QDockWidget, "dockMotion"))
    finally:
        w2.close()
