"""Adding a panel to the main window as a dock: where it was last time, or tabbed beside a partner panel."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget


def add_tabbed_dock(window, title: str, name: str, widget, area, partner: str, menu_text: str) -> QDockWidget:
    """A dock called ``name`` holding ``widget``, with ``menu_text`` in the View menu to show it again.

    It goes back to its saved place; in a new layout it is added to ``area`` and tabbed with the dock
    named ``partner`` when the window first shows.
    """
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    if not window.restoreDockWidget(dock):
        window.addDockWidget(area, dock)
        explain = getattr(window, "explanations", None)
        if explain is not None:  # a new layout: tabified on first show (see Explanations._place_docks)
            explain._tabify_pending.append((partner, dock))
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    if menus.get("View") is not None:
        act = dock.toggleViewAction()
        act.setText(menu_text)
        menus["View"].addAction(act)
    return dock
