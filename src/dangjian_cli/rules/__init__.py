"""Domain rules: pure functions Workspace → findings, registered in RULES.

A stage adds its rules by appending a module's functions to RULES (see ``all_rules``).
Rules receive an explicit ``as_of`` date and never read the clock. They do no file I/O: a
finding names its record and a place in it (``Workspace.finding``, ``Finding.at``), and the
pipeline locates the findings of each file in one pass. The questions rules share with
commands are answered in ``analysis/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ..findings import Finding
from ..resolve import Workspace

Rule = Callable[[Workspace, dt.date], Iterable[Finding]]


def all_rules() -> list[Rule]:
    from . import assign, cycle, due, lists, people, pursue, responsibility, review, sanguiding, signoff

    return [*people.RULES, *responsibility.RULES, *lists.RULES, *assign.RULES, *signoff.RULES, *cycle.RULES, *review.RULES, *pursue.RULES, *due.RULES,
            *sanguiding.RULES]


def run_rules(ws: Workspace, as_of: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        findings.extend(rule(ws, as_of))
    return findings
