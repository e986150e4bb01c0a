"""Korean business registration numbers (사업자등록번호): ten digits written
``123-45-67890``, the last a check digit over the first nine (weights 1,3,7,1,3,7,1,3,5,
plus the tens of the ninth digit times 5). Checked where a number is typed, so a typo
is caught before it reaches a signed report."""

from __future__ import annotations

import re
from typing import Literal

Problem = Literal["shape", "check digit"]

_SHAPE = re.compile(r"^(\d{3})-?(\d{2})-?(\d{5})$")
_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def check_digit(first_nine: str) -> int:
    """The tenth digit that the first nine call for."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def parse_registration_number(text: str) -> tuple[str, Problem | None]:
    """``text`` written the usual way (``123-45-67890``; spaces and missing dashes are
    forgiven) and what is wrong with it, if anything. An empty text is allowed: the
    number is optional."""
    compact = re.sub(r"\s", "", text)
    if not compact:
        return "", None
    match = _SHAPE.match(compact)
    if match is None:
        return compact, "shape"
    digits = "".join(match.groups())
    number = "-".join(match.groups())
    if check_digit(digits[:9]) != int(digits[9]):
        return number, "check digit"
    return number, None
