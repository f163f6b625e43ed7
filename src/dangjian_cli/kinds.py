"""The record kinds and the folders they live in. Stage commands add theirs here."""

from __future__ import annotations

from dataclasses import dataclass

from .models.assign import KeyWorkChain, SignOff, StudyPlan, StudySession
from .models.base import Record
from .models.cycle import Feedback, Reminder, Verification
from .models.people import Department, Person
from .models.pursue import Case, Handover, Talk
from .models.responsibility import ResponsibilityItem, ResponsibilityList
from .models.review import Forum, Inspection, Statement, Tally
from .models.review_result import ReviewResult
from .models.sanguiding import SanguidingRecord


@dataclass(frozen=True)
class Kind:
    """A kind of record: its name, Chinese title, folder and model.

    Attributes:
        markdown_body: the field that receives the body of a Markdown file; None when
            the kind is kept in YAML files only.
    """

    name: str
    title: str
    folder: str
    model: type[Record]
    markdown_body: str | None = None


KINDS: tuple[Kind, ...] = (
    Kind("department", "部门", "departments", Department),
    Kind("person", "人员", "people", Person),
    Kind("list", "责任清单文件", "lists", ResponsibilityList),
    Kind("responsibility", "责任事项", "responsibilities", ResponsibilityItem),
    Kind("chain", "重点工作责任链条", "chains", KeyWorkChain),
    Kind("study_plan", "理论学习计划", "study_plans", StudyPlan),
    Kind("study_session", "学习记录", "study_sessions", StudySession, markdown_body="notes"),
    Kind("signoff", "责任书签订", "signoffs", SignOff),
    Kind("feedback", "反馈单", "feedback", Feedback),
    Kind("reminder", "提示单", "reminders", Reminder),
    Kind("verification", "核单", "verifications", Verification),
    Kind("inspection", "检查记录", "inspections", Inspection),
    Kind("statement", "述责述廉", "statements", Statement, markdown_body="text"),
    Kind("tally", "民主测评", "tallies", Tally),
    Kind("forum", "座谈", "forums", Forum),
    Kind("review_result", "考核结果", "reviews", ReviewResult),
    Kind("case", "责任追究案件", "cases", Case),
    Kind("talk", "谈话记录", "talks", Talk),
    Kind("handover", "离任交接", "handovers", Handover),
    Kind("sanguiding", "重大事项记录（三个规定）", "sanguiding", SanguidingRecord),
)

BY_NAME = {k.name: k for k in KINDS}
BY_FOLDER = {k.folder: k for k in KINDS}
