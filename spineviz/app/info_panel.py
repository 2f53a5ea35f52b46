"""What the selected vertebra or facet joint is, what it does, its gap and load, and where its pain goes."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from spineviz.anatomy.levels import parse_facet_joint, parse_level
from spineviz.app.live_scene import selection_kind
from spineviz.app.steady_label import SteadyLabel
from spineviz.app.wording import all_load_words, load_words, text

GAP_ROOM_MM = 1.0
LOAD_ROOM_N = 100.0
"""The selected joint's reading keeps room for a gap written as ``-GAP_ROOM_MM`` (a sign, one digit of millimetres
and two decimals) and a load of ``LOAD_ROOM_N``'s three digits, in the widest digit (modelling values); a larger
number widens the room with it. So the new numbers of a moving spine do not lay the dock out."""


def _referral_lines(segment, audience: str) -> list[str]:
    from spineviz.content.atlas import AtlasDataError, default_atlas

    try:
        atlas = default_atlas()
    except AtlasDataError:  # a damaged atlas file must not take the panel down
        return []
    out = []
    for r in atlas.referrals_for(segment):
        zone = r.zone
        out.append(f"{zone.label('patient' if audience == 'patient' else 'clinician')} ({r.frequency})")
    return list(dict.fromkeys(out))


class InfoPanel(QGroupBox):
    read_more = Signal(str)  # a segment name such as "L4/5"

    def __init__(self, live, spine) -> None:
        super().__init__("Selected")
        self.live, self.spine = live, spine
        self.body = SteadyLabel()  # the selected joint's reading changes while playing: a repaint, no layout
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setObjectName("infoBody")
        self.body.setOpenExternalLinks(False)
        self.body.linkActivated.connect(lambda href: self.read_more.emit(href.removeprefix("read:")))
        self.safety = QLabel()  # the window pins it under the panel's scrolling part: always in view
        self.safety.setWordWrap(True)
        self.safety.setObjectName("safetyNote")
        self.safety.setContentsMargins(8, 4, 8, 6)
        lay = QVBoxLayout(self)
        lay.addWidget(self.body)
        lay.addStretch(1)
        live.paced.connect(lambda *_: self.refresh())  # 5 a second while playing (issue 13)
        self.refresh()

    def refresh(self) -> None:
        s = self.live.state
        self.safety.setText(text("safety_note", s.audience))
        selection = selection_kind(s.selection)
        if selection is None:
            self.body.setText(escape(text("nothing_selected", s.audience)))
            return
        kind, name = selection
        if kind == "facet":
            self.body.setText(*self._facet_html(name))
            return
        html = {"nerve": self._nerve_html}.get(kind, self._bone_html)
        self.body.setText(html(name))

    def _nerve_html(self, name: str) -> str:
        """A nerve of the nerves layer: what it is, the joints it supplies, and where its course comes from."""
        from spineviz.anatomy.nerves import nerve_paths

        path = next((p for p in nerve_paths(self.spine.model, self.spine.landmarks) if p.name == name), None)
        if path is None:
            return f"<h3>{escape(name)}</h3>"
        what = ("A nerve root leaving its foramen" if path.kind == "root"
                else "A medial branch of the dorsal ramus: the small nerve a medial branch block or "
                     "radiofrequency treatment targets")
        parts = [f"<h3>{escape(name)}</h3>", f"<p>{escape(what)}.</p>"]
        if path.supplies:
            parts.append(f"<p>Supplies the facet joints {escape(', '.join(path.supplies))}.</p>")
        if self.live.state.audience != "patient":
            parts.append(f"<p><small>{escape(path.source)}</small></p>")
        return "".join(parts)

    def _facet_html(self, name: str) -> tuple[str, list[str]]:
        """The joint's page now, and the same page with the room its reading can take as the spine moves."""
        s = self.live.state
        loads, neutral = self.live.loads(), self.live.neutral_loads()
        jid = parse_facet_joint(name)
        i = jid.index
        region = jid.segment.region
        gap = float(loads.gap[i])
        load = float(loads.newtons[i])
        head = (f"<h3>{escape(name)} facet joint</h3>"
                f"<p>{escape(text('joint_role_' + region, s.audience))}</p>")
        if s.audience == "patient":
            reading = f"<p>Right now it is <b>{load_words(load, float(neutral.newtons[i]))}</b>.</p>"
            room = f"<p>Right now it is <b>{self.body.widest(all_load_words())}</b>.</p>"
        else:
            reading = f"<p>Gap {gap:.2f} mm · load {load:.0f} N (estimate)</p>"
            room = self.body.widest_digits(f"<p>Gap {-max(abs(gap), GAP_ROOM_MM):.2f} mm · "
                                           f"load {max(abs(load), LOAD_ROOM_N):.0f} N (estimate)</p>")
        tail = ""
        refs = _referral_lines(jid.segment, s.audience)
        if refs:
            tail += "<p><b>Pain from this joint can be felt:</b> " + escape(", ".join(refs)) + "</p>"
        tail += f"<p><a href='read:{jid.segment.name}'>Read more about {jid.segment.name}</a></p>"
        return head + reading + tail, [head + room + tail]

    def _bone_html(self, name: str) -> str:
        s = self.live.state
        lv = parse_level(name)
        d = self.spine.model.dims[lv.name]
        title = "Sacrum" if lv.is_sacrum else f"{lv.name} vertebra"
        parts = [f"<h3>{escape(title)}</h3>", f"<p>Region: {lv.region}</p>"]
        if s.audience != "patient" and d.epw:
            parts.append(f"<p>Body {d.epw:g} × {d.epd:g} mm, height {d.vbha:g}/{d.vbhp:g} mm (anterior/posterior)"
                         f"<br><small>{escape(d.source)}</small></p>")
        return "".join(parts)
