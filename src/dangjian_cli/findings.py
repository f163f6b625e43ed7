"""Findings: problems in the user's records, as values with stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# The code catalogue. Codes are stable ASCII and never reused; titles are Chinese.
# DJ1xx: files, encoding and YAML syntax; DJ2xx: schema; DJ3xx: references and ids;
# DJ4xx and up: domain rules (each stage adds its own range).
CODES: dict[str, str] = {
    "DJ101": "YAML 语法错误",
    "DJ102": "缩进中使用了制表符",
    "DJ103": "使用了全角空格",
    "DJ104": "使用了全角冒号",
    "DJ105": "文件不是 UTF-8 编码",
    "DJ106": "无法识别的文件编码",
    "DJ107": "重复的键",
    "DJ108": "空文件",
    "DJ109": "顶层不是映射",
    "DJ110": "别名展开过多",
    "DJ111": "文件过大",
    "DJ112": "符号链接指向工作区之外",
    "DJ113": "文件不在任何记录目录中",
    "DJ114": "Markdown 缺少 YAML 头信息",
    "DJ115": "不支持的 YAML 标签",
    "DJ116": "无法读取文件",
    "DJ117": "dj 的写入被中断而未完成",
    "DJ201": "缺少必填字段",
    "DJ202": "未知字段",
    "DJ203": "类型错误",
    "DJ204": "应为文本却写成了数字",
    "DJ205": "日期无效",
    "DJ206": "取值不在允许范围内",
    "DJ207": "取值不符合要求",
    "DJ301": "编号重复",
    "DJ302": "引用的编号不存在",
    "DJ303": "编号格式不正确",
    "DJ401": "任职结束日期早于开始日期",
    "DJ402": "已离开本单位的人员仍有未结束的职务",
    "DJ403": "责任主体当年未在职",
    "DJ404": "责任层级与所任职务不符",
    "DJ405": "同一时间有多名主要负责人",
    "DJ406": "责任清单年度超出工作区年度范围",
    "DJ410": "重点工作没有责任链条",
    "DJ411": "责任链条缺少环节",
    "DJ412": "责任链条环节部分时段无人负责",
    "DJ413": "链条人员当时不任相应职务",
    "DJ414": "链条环节缺少责任内容或追究条款",
    "DJ415": "责任下推：只追究下级",
    "DJ416": "责任下推：重点工作只写进下级清单",
    "DJ417": "重点工作不在设置中",
    "DJ418": "同一重点工作有多条责任链条",
    "DJ419": "责任链条缺少工作程序或工作纪律",
    "DJ420": "责任清单缺少必备要点",
    "DJ421": "责任清单没有追究条款",
    "DJ422": "在岗人员没有责任清单",
    "DJ423": "必备要点设置中的层级无效",
    "DJ430": "理论学习未完成计划",
    "DJ431": "学习形式不在设置中",
    "DJ432": "学习人员当日不在岗",
    "DJ433": "没有年度理论学习计划",
    "DJ440": "未按时签订责任书",
    "DJ441": "责任书签订日期异常",
    "DJ442": "签单后责任清单有变化",
    "DJ443": "重复的签订记录",
    "DJ444": "签订记录没有对应的责任清单",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located in a file of the workspace.

    Attributes:
        code: stable code from CODES.
        severity: error or warning.
        path: POSIX path relative to the workspace root.
        line: 1-based line, 1 when the whole file is meant; 0 until located (see loc).
        column: 1-based column; 0 until located.
        message: Chinese text that says what is wrong and how to fix it.
        record: id of the record, when known.
        loc: where in the file's YAML the finding points (keys and list indexes), while it
            is not yet located; None once line and column are known. Not part of the output.
    """

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    record: str | None = None
    loc: tuple[Any, ...] | None = None

    @classmethod
    def at(cls, code: str, severity: Severity, path: str, loc: tuple[Any, ...], message: str,
           record: str | None = None) -> Finding:
        """A finding at loc in the file at path, to be located later.

        Why: rules do no file I/O; the pipeline reads each file with findings once and
        locates all of them together (``pipeline.locate``).
        """
        return cls(code, severity, path, 0, 0, message, record, loc)

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "severity": str(self.severity), "path": self.path, "line": self.line,
                "column": self.column, "message": self.message, "record": self.record}

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(**{**data, "severity": Severity(data["severity"])})


def error(code: str, path: str, line: int, column: int, message: str, record: str | None = None) -> Finding:
    return Finding(code, Severity.ERROR, path, line, column, message, record)


def warning(code: str, path: str, line: int, column: int, message: str, record: str | None = None) -> Finding:
    return Finding(code, Severity.WARNING, path, line, column, message, record)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Sort by file and line, dropping exact duplicates."""
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (f.path, f.line, f.column, f.code, f.message))
