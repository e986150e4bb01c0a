"""A small mixed-integer model over HiGHS, shaped for choosing one level per item.

Every item gets one binary per level it may end at, exactly one of them set. Rows are
``sum(coef * var) >= rhs``, optionally switched by an indicator binary (the row must
hold only when the indicator is 1), which is how ``any`` conditions are expressed.
HiGHS solves to proven optimality; nothing here is a heuristic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Var = int
Term = Mapping[Var, float]


@dataclass
class Model:
    cost: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    rows: list[tuple[dict[Var, float], float, float]] = field(default_factory=list)
    # per item: the variable of each level it may end at
    choices: dict[str, dict[int, Var]] = field(default_factory=dict)

    def var(self, cost: float = 0.0) -> Var:
        self.cost.append(cost)
        self.lower.append(0.0)
        self.upper.append(1.0)
        return len(self.cost) - 1

    def choose_one(self, item: str, levels: Mapping[int, float]) -> None:
        """``item`` ends at exactly one of ``levels`` (level -> cost of ending there)."""
        self.choices[item] = {lv: self.var(c) for lv, c in levels.items()}
        self.rows.append(({v: 1.0 for v in self.choices[item].values()}, 1.0, 1.0))

    def at_least(self, item: str, level: float) -> dict[Var, float]:
        """The term that is 1 when ``item`` ends at ``level`` or above."""
        return {v: 1.0 for lv, v in self.choices[item].items() if lv >= level}

    def floor(self, terms: Term) -> float:
        """The least value ``terms`` can take, given one level per item."""
        total = 0.0
        for levels in self.choices.values():
            total += min((terms.get(v, 0.0) for v in levels.values()), default=0.0)
        return total

    def require(self, terms: Term, rhs: float, when: Var | None = None) -> None:
        """sum(terms) >= rhs; with ``when``, only if that indicator is 1."""
        row = dict(terms)
        if when is not None:
            lo = self.floor(terms)
            if lo >= rhs:
                return
            # sum >= rhs * when + lo * (1 - when)  <=>  sum - (rhs - lo) * when >= lo
            row[when] = row.get(when, 0.0) - (rhs - lo)
            rhs = lo
        self.rows.append((row, rhs, float("inf")))

    def at_most(self, terms: Term, rhs: float) -> None:
        self.rows.append((dict(terms), float("-inf"), rhs))

    def solve(self) -> list[float] | None:
        """The optimal values, or None when no assignment satisfies every row."""
        import highspy
        import numpy as np

        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        n = len(self.cost)
        lp.num_col_ = n
        lp.num_row_ = len(self.rows)
        lp.col_cost_ = np.array(self.cost, dtype=float)
        lp.col_lower_ = np.array(self.lower, dtype=float)
        lp.col_upper_ = np.array(self.upper, dtype=float)
        lp.row_lower_ = np.array([max(lo, -inf) for _, lo, _ in self.rows], dtype=float)
        lp.row_upper_ = np.array([min(hi, inf) for _, _, hi in self.rows], dtype=float)
        starts, index, value = [0], [], []
        for terms, _, _ in self.rows:
            for var, coef in terms.items():
                index.append(var)
                value.append(coef)
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        h.passModel(lp)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return list(h.getSolution().col_value)

    def chosen_levels(self, solution: list[float]) -> dict[str, int]:
        return {
            item: next(lv for lv, v in levels.items() if solution[v] > 0.5)
            for item, levels in self.choices.items()
        }
