"""The navigation tree's model and filter, without a view."""

from __future__ import annotations

from levelcheck.core.service import ScoringService
from levelcheck.gui.navigation_model import (
    DONE_ROLE,
    ID_ROLE,
    KIND_ROLE,
    STATE_ROLE,
    STATUS,
    NavigationModel,
    UnansweredFilter,
)


def _model(service: ScoringService, states: dict[str, str]) -> NavigationModel:
    rs = service.library.ruleset("ks-default")
    q = service.library.questionnaire(rs.questionnaire.id, rs.questionnaire.version)
    return NavigationModel(q, "en", lambda i: states.get(i, "unanswered"),
                           lambda i: 3 if states.get(i) == "answered" else None)  # fmt: skip


def _leaves(model, parent=None) -> list:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        out += [index] if model.rowCount(index) == 0 else _leaves(model, index)
    return out


def test_areas_categories_and_items_in_questionnaire_order(service: ScoringService) -> None:
    model = _model(service, {})
    areas = [model.index(r, 0) for r in range(model.rowCount())]
    assert [a.data(KIND_ROLE) for a in areas] == ["area"] * 4
    q = service.library.questionnaire("ks-smart-factory", "1.0.0")
    assert [a.data(ID_ROLE) for a in areas] == [a.id for a in q.areas]
    cats = [model.index(r, 0, a) for a in areas for r in range(model.rowCount(a))]
    assert len(cats) == 10 and {c.data(KIND_ROLE) for c in cats} == {"category"}
    items = _leaves(model)
    assert len(items) == 42 and items[0].data(ID_ROLE) == "STR-SL-01"
    assert {i.data(KIND_ROLE) for i in items} == {"item"}
    assert items[0].data().startswith("STR-SL-01  ")
    assert model.columnCount() == 2


def test_states_and_counts_follow_refresh(service: ScoringService) -> None:
    states: dict[str, str] = {}
    model = _model(service, states)
    item = model.index_of("STR-SL-01")
    status = item.siblingAtColumn(STATUS)
    category = item.parent().siblingAtColumn(STATUS)
    assert (item.data(STATE_ROLE), status.data(), category.data(DONE_ROLE)) == (
        "unanswered",
        "○",
        (0, category.data(DONE_ROLE)[1]),
    )
    states["STR-SL-01"] = "answered"
    model.refresh("STR-SL-01")
    assert item.data(STATE_ROLE) == "answered" and status.data() == "L3"
    assert category.data(DONE_ROLE)[0] == 1
    assert category.data() == f"1/{category.data(DONE_ROLE)[1]}"
    states["STR-SL-02"] = "na"
    model.refresh("STR-SL-02")
    assert model.index_of("STR-SL-02").siblingAtColumn(STATUS).data() == "N/A"
    assert item.parent().parent().siblingAtColumn(STATUS).data(DONE_ROLE)[0] == 2


def test_the_filter_keeps_only_unanswered_items_and_their_parents(service: ScoringService) -> None:
    states = {"STR-SL-01": "answered", "STR-SL-02": "na"}
    model = _model(service, states)
    proxy = UnansweredFilter()
    proxy.setSourceModel(model)
    assert len(_leaves(proxy)) == 42
    proxy.set_on(True)
    ids = [i.data(ID_ROLE) for i in _leaves(proxy)]
    assert len(ids) == 40 and "STR-SL-01" not in ids and "STR-SL-02" not in ids
    assert proxy.rowCount() == 4
    proxy.set_on(False)
    assert len(_leaves(proxy)) == 42
