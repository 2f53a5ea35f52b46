"""Link handling for the reading panel: what a click or hover on a link in the text does.

A mixin of :class:`~spineviz.app.document_panel.DocumentPanel`: in-page anchors and the app's
articles navigate, linker terms emit ``link_activated``, outside links are never opened (the reader
is told so). Kept apart because it is where a hostile document's links are judged.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl

from spineviz.app.document_pages import _TIPS, ARTICLE_HREF
from spineviz.content.linker import parse_href


class LinkHandling:
    """The panel's answers to links clicked or hovered in the text."""

    def _anchor_clicked(self, url: QUrl) -> None:
        self.activate_href(url.toString())

    def activate_href(self, href: str) -> None:
        """Act on a link from the text: in-page anchors, the app's articles, linker terms, outside links."""
        base, _, fragment = href.partition("#")
        if not base and fragment:
            self.go_to_anchor(fragment)
            return
        if base.startswith(ARTICLE_HREF):
            self.open_article(base.removeprefix(ARTICLE_HREF), fragment)
            return
        found = parse_href(base)
        if found is not None:
            kind, target = found
            if kind == "joint" and fragment in ("left", "right"):
                target = f"{target} {fragment}"
            self.link_activated.emit(kind, target)
            return
        scheme = QUrl(href).scheme().lower()
        if scheme in ("http", "https", "mailto"):
            self.show_notice(
                f"This link leads outside spineviz and was not opened: {href}  "
                "(select and copy it to open it in your browser)."
            )
        else:
            self.show_notice(f"This link cannot be opened here: {href}", error=True)

    def _hovered(self, url: QUrl) -> None:
        href = url.toString()
        if not href:
            self.hint.emit("")
            return
        found = parse_href(href.partition("#")[0])
        if found:
            kind, target = found
            self.hint.emit(_TIPS.get(kind, "{t}").format(t=target.replace("_", " ")))
        elif href.startswith(ARTICLE_HREF):
            self.hint.emit("Open the article " + href.removeprefix(ARTICLE_HREF).partition("#")[0])
        else:
            self.hint.emit(href)
