"""The base of every record: forbidden extras, Chinese titles, references by id."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

import datetime as dt
import re

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(title="编号", description="记录的唯一编号，只用英文字母、数字、-、_ 和 .，例如 p-zhangsan、2024-zr-001。"),
]


@dataclass(frozen=True)
class Ref:
    """Marks a field that holds the id of a record of another kind."""

    kind: str


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _date_from_text(value: Any) -> Any:
    """A quoted ``'2024-03-18'`` is the same date as the unquoted one (JSON Schema can't tell them apart).

    Anything else is left for strict validation to refuse: a datetime (it is a date
    subclass, but a time where a day is meant is a mistake), a timestamp number, 2024-02-30.
    """
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def Choice(enum: Any) -> Any:  # noqa: N802 - reads like a type
    """An enumeration, read from its (Chinese) value although the models are strict."""
    return Annotated[enum, Strict(False)]


# A calendar date: YYYY-MM-DD as written in YAML, quoted or not; never a datetime.
Date = Annotated[dt.date, BeforeValidator(_date_from_text)]


class Model(BaseModel):
    """Shared configuration of all record parts.

    Strict: ``year: "2024"``, ``count: "1"``, ``party_member: yes`` and a datetime where a
    date is meant are refused, as the exported JSON Schema (and so the editor) refuses them.
    The only conversions are an enumeration from its value (``Choice``)
    and a date from quoted text (``Date``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, strict=True)


SUPPRESS_CODE_PATTERN = r"^DJ\d{3}$"


class Suppression(Model):
    """本记录不按某条责任制规则处理的说明：问题编号和理由。"""

    # One domain finding about its record that the unit has decided not to count, and why.
    # Which codes may be suppressed, and whether one silenced anything, is judged by the
    # pipeline (``pipeline.apply_suppressions``): rules never see suppressions.

    model_config = ConfigDict(title="忽略说明")

    code: Annotated[str, Field(title="问题编号", description="要忽略的责任制规则问题的编号（DJ4xx 及以后），例如 DJ421；"
                               "文件、字段和引用问题（DJ1xx–DJ3xx）不能忽略。", pattern=SUPPRESS_CODE_PATTERN)]
    reason: Annotated[str, Field(title="理由", description="为什么这条记录不按该规则处理，必须写明，例如“本清单的追究条款见第五章”。",
                                 min_length=1)]

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("dj", "不能只有空格：请写明为什么忽略这个问题，例如“本清单的追究条款见第五章”。")
        return value


class Record(Model):
    """A top-level record kept in one file."""

    id: Id
    suppress: Annotated[list[Suppression], Field(
        title="忽略的问题",
        description="本记录不按某条责任制规则处理时，在此写明问题编号和理由，dj check 不再把它计为问题，"
                    "但会在汇总中说明，dj check --list-suppressions 可查看全部。例如 "
                    "[{code: DJ421, reason: 本清单的追究条款见第五章}]。")] = []


def subject_key(person: str | None, department: str | None, body: str | None) -> str | None:
    """The one spelling of a subject's key (``ResponsibilityItem.subject`` and every record that names
    a subject): a person id, ``department:d-x`` or ``body:党组``; None when none is given."""
    if person is not None:
        return person
    if department is not None:
        return f"department:{department}"
    if body is not None:
        return f"body:{body}"
    return None


def PersonRef(title: str, description: str, optional: bool = False) -> Any:  # noqa: N802 - reads like a type
    """The id of a person; optional gives ``str | None`` with the title kept on the field."""
    return Annotated[str | None if optional else str, Ref("person"), Field(title=title, description=description)]


def DepartmentRef(title: str, description: str, optional: bool = False) -> Any:  # noqa: N802
    return Annotated[str | None if optional else str, Ref("department"), Field(title=title, description=description)]


@dataclass(frozen=True)
class RefField:
    name: str
    kind: str | None  # the referenced kind; None when the field holds nested models
    many: bool
    nested: type[Model] | None = None


def _ref_of(annotation: Any) -> tuple[str | None, bool, type[Model] | None]:
    """(referenced kind, is a list, nested model) for one annotation."""
    many = False
    origin = get_origin(annotation)
    if origin is list:
        many, annotation = True, get_args(annotation)[0]
    if get_origin(annotation) is Annotated:
        for meta in get_args(annotation)[1:]:
            if isinstance(meta, Ref):
                return meta.kind, many, None
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return None, many, annotation
    for arg in get_args(annotation):  # Optional[...] and unions
        if arg is not type(None):
            kind, inner_many, nested = _ref_of(arg)
            if kind or nested:
                return kind, many or inner_many, nested
    return None, many, None


@cache
def ref_fields(cls: type[Model]) -> tuple[RefField, ...]:
    """The fields of cls that hold references, directly or in nested models."""
    out = []
    for name, info in cls.model_fields.items():
        kind = next((m.kind for m in info.metadata if isinstance(m, Ref)), None)
        many = False
        nested = None
        if kind is None:
            kind, many, nested = _ref_of(info.annotation)
        else:
            many = get_origin(info.annotation) is list
        if kind or (nested and ref_fields(nested)):
            out.append(RefField(name, kind, many, nested))
    return tuple(out)


def iter_refs(model: Model, prefix: tuple = ()) -> Any:
    """Yield (loc, kind, id) for every reference held by model."""
    for rf in ref_fields(type(model)):
        value = getattr(model, rf.name)
        if value is None:
            continue
        items = list(enumerate(value)) if rf.many else [(None, value)]
        for index, item in items:
            loc = prefix + ((rf.name,) if index is None else (rf.name, index))
            if rf.kind is not None:
                yield loc, rf.kind, item
            elif item is not None:
                yield from iter_refs(item, loc)


def one_of_two(switch: str, value: str, then: tuple[str, dict[str, Any], str, str, str],
               otherwise: tuple[str, dict[str, Any], str, str, str]) -> dict[str, Any]:
    """An if/then/else for the editor: when ``switch`` is ``value`` one field is required and the
    other empty, otherwise the reverse. Each branch is (field, its schema, the message when it is
    missing, the message on the field, the message on the other field)."""

    def branch(field: str, schema: dict[str, Any], missing: str, on_field: str, on_other: str, other: str) -> dict[str, Any]:
        return {"required": [field], "errorMessage": missing, "properties": {
            field: {**schema, "errorMessage": on_field}, other: {"type": "null", "errorMessage": on_other}}}

    return {
        "if": {"properties": {switch: {"const": value}}, "required": [switch]},
        "then": branch(*then, other=otherwise[0]),
        "else": branch(*otherwise, other=then[0]),
    }
