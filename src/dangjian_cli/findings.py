"""Findings: problems in the user's records, as values with stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """A catalogued code: its Chinese title and the severity of its findings.

    Attributes:
        varies: when findings of this code have the other severity, and why (empty: never).
    """

    title: str
    severity: Severity
    varies: str = ""


_E, _W = Severity.ERROR, Severity.WARNING

# The code catalogue. Codes are stable ASCII and never reused; titles are Chinese.
# DJ1xx: files, encoding and YAML syntax; DJ2xx: schema; DJ3xx: references and ids;
# DJ4xx and up: domain rules (each stage adds its own range).
CATALOGUE: dict[str, Code] = {
    "DJ101": Code("YAML 语法错误", _E),
    "DJ102": Code("缩进中使用了制表符", _E),
    "DJ103": Code("使用了全角空格", _E),
    "DJ104": Code("使用了全角冒号", _E),
    "DJ105": Code("文件不是 UTF-8 编码", _E),
    "DJ106": Code("无法识别的文件编码", _E),
    "DJ107": Code("重复的键", _E),
    "DJ108": Code("空文件", _E),
    "DJ109": Code("顶层不是映射", _E),
    "DJ110": Code("别名展开过多", _E),
    "DJ111": Code("文件过大", _E),
    "DJ112": Code("符号链接指向工作区之外", _E),
    "DJ113": Code("文件不在任何记录目录中", _W),
    "DJ114": Code("Markdown 缺少 YAML 头信息", _E),
    "DJ115": Code("不支持的 YAML 标签", _E),
    "DJ116": Code("无法读取文件", _E),
    "DJ117": Code("dj 的写入被中断而未完成", _E),
    "DJ130": Code("不是普通文件", _E),
    "DJ131": Code("符号链接无法解析", _E),
    "DJ132": Code("记录目录无法读取", _E),
    "DJ133": Code("嵌套层数过深", _E),
    "DJ134": Code("数字过长", _E),
    "DJ135": Code("列表或映射的项过多", _E),
    "DJ140": Code("YAML 指令", _E),
    "DJ141": Code("值前后的制表符", _E),
    "DJ142": Code("合并键的值不是映射", _E),
    "DJ143": Code("键不是文字", _E),
    "DJ144": Code("两种读法不一致的 YAML 写法", _E),
    "DJ201": Code("缺少必填字段", _E),
    "DJ202": Code("未知字段", _E),
    "DJ203": Code("类型错误", _E),
    "DJ204": Code("应为文本却写成了数字", _E),
    "DJ205": Code("日期无效", _E),
    "DJ206": Code("取值不在允许范围内", _E),
    "DJ207": Code("取值不符合要求", _E),
    "DJ209": Code("名称或编号含有看不见的字符", _W),
    "DJ301": Code("编号重复", _E),
    "DJ302": Code("引用的编号不存在", _E),
    "DJ303": Code("编号格式不正确", _E),
    "DJ304": Code("编号或文件名只有大小写不同", _E),
    "DJ401": Code("任职结束日期早于开始日期", _E),
    "DJ402": Code("已离开本单位的人员仍有未结束的职务", _E),
    "DJ403": Code("责任主体当年未在职", _E, varies="a warning for a group subject (班子成员, 部门负责人…) with nobody in post that year"),
    "DJ404": Code("责任层级与所任职务不符", _W),
    "DJ405": Code("同一时间有多名主要负责人", _W),
    "DJ406": Code("责任清单年度超出工作区年度范围", _W),
    "DJ410": Code("重点工作没有责任链条", _W),
    "DJ411": Code("责任链条缺少环节", _W),
    "DJ412": Code("责任链条环节部分时段无人负责", _W),
    "DJ413": Code("链条人员当时不任相应职务", _E),
    "DJ414": Code("链条环节缺少责任内容或追究条款", _W),
    "DJ415": Code("责任下推：只追究下级", _E),
    "DJ416": Code("责任下推：重点工作只写进下级清单", _E),
    "DJ417": Code("重点工作不在设置中", _W),
    "DJ418": Code("同一重点工作有多条责任链条", _W),
    "DJ419": Code("责任链条缺少工作程序或工作纪律", _W),
    "DJ420": Code("责任清单缺少必备要点", _E, varies="a warning for a topic of settings.assign.advisory_topics (廉洁自律 by default)"),
    "DJ421": Code("责任清单没有追究条款", _E, varies="a warning on the list of anyone but the 党组 and a 主要负责人 of that year"),
    "DJ422": Code("在岗人员没有责任清单", _E),
    "DJ423": Code("必备要点设置中的层级无效", _W),
    "DJ430": Code("理论学习未完成计划", _W),
    "DJ431": Code("学习形式不在设置中", _E),
    "DJ432": Code("学习人员当日不在岗", _W),
    "DJ433": Code("没有年度理论学习计划", _W),
    "DJ440": Code("未按时签订责任书", _W),
    "DJ441": Code("责任书签订日期异常", _W),
    "DJ442": Code("签单后责任清单有变化", _W),
    "DJ443": Code("重复的签订记录", _W),
    "DJ444": Code("签订记录没有对应的责任清单", _W),
    "DJ450": Code("清单声明的任务数与事项数不符", _W),
    "DJ451": Code("事项的章节不在清单中", _E),
    "DJ452": Code("事项年度与所属清单不同", _E),
    "DJ453": Code("清单中顺序号重复", _W),
    "DJ454": Code("清单中同一主体的条款编号重复", _W),
    "DJ455": Code("集体责任主体不是本单位的", _E),
    "DJ456": Code("责任人群与层级不符", _W),
    "DJ457": Code("集体责任主体写了个人责任类型", _W),
    "DJ458": Code("部门及以下层级写了全面领导责任或第一责任人", _W),
    "DJ459": Code("班子成员没有分管范围", _W),
    "DJ460": Code("纪检监察负责人分管或牵头重点工作", _W),
    "DJ461": Code("纪检监察负责人承担部门负责人清单", _W),
    "DJ480": Code("忽略说明没有起作用", _W),
    "DJ481": Code("忽略说明中的问题编号不存在", _E),
    "DJ482": Code("该问题不能忽略", _E),
    "DJ483": Code("重复的忽略说明", _W),
    "DJ470": Code("责任事项期满没有反馈", _W),
    "DJ471": Code("提示单逾期未回复", _W),
    "DJ472": Code("年度清单逾期未核单", _W),
    "DJ473": Code("事项不属于该责任主体", _E),
    "DJ474": Code("事项不属于该年度", _E),
    "DJ475": Code("重复的核单", _W),
    "DJ476": Code("同一事项重复出现", _W),
    "DJ477": Code("核销的事项最近反馈未完成", _W),
    "DJ500": Code("整改逾期未完成", _W),
    "DJ501": Code("整改逾期完成", _W),
    "DJ502": Code("检查发现的问题没有整改措施", _W),
    "DJ503": Code("已整改的事项没有核查", _W),
    "DJ504": Code("核查未整改到位却标为已整改", _W),
    "DJ505": Code("整改日期早于检查日期", _E),
    "DJ506": Code("述责述廉缺少必备部分", _W),
    "DJ507": Code("述责述廉的必备部分没有内容", _W),
    "DJ508": Code("应述责述廉而没有报告", _W),
    "DJ509": Code("重复的述责述廉", _W),
    "DJ510": Code("民主测评票数合计与有效票数不符", _E),
    "DJ511": Code("有效票数多于参加人数", _E),
    "DJ512": Code("有效票数少于最低要求", _E),
    "DJ513": Code("民主测评等次表不存在", _E),
    "DJ514": Code("等次不在等次表中", _E),
    "DJ515": Code("重复的测评项目", _E),
    "DJ516": Code("平时马虎应付、年底集中突击", _W),
    "DJ517": Code("一个季度没有任何检查", _W),
    "DJ518": Code("半年内党组没有专题研究全面从严治党", _W),
    "DJ519": Code("座谈意见逾期未办理", _W),
    # 责任追究 (DJ550–DJ579): rules/pursue.py
    "DJ550": Code("案件超过阶段办理期限（追而不究）", _W),
    "DJ551": Code("处理决定未按期执行", _W),
    "DJ552": Code("结案没有结论或理由", _W),
    "DJ553": Code("案件没有审查领导责任（一案双查）", _W),
    "DJ554": Code("以调离、退休等为由结案（终身问责）", _W),
    "DJ555": Code("处理方式与对象不符", _E),
    "DJ556": Code("主要负责人未与班子成员进行年度廉政谈话", _W),
    "DJ557": Code("班子成员未与分管部门负责人进行年度廉政谈话", _W),
    "DJ558": Code("谈话要求改正的问题逾期未跟踪核查", _W),
    "DJ559": Code("任职结束没有离任交接", _W),
    "DJ560": Code("离任交接超过期限", _W),
    "DJ561": Code("申诉逾期未处理", _W),
    "DJ562": Code("事发时职务与任职经历不符", _W),
    "DJ563": Code("交接方面不在设置中", _W),
    # 防止干预司法“三个规定” (DJ650–DJ669): rules/sanguiding.py
    "DJ650": Code("重大事项记录超过记录期限", _W),
    "DJ651": Code("报告期没有记录也没有零报告", _W),
    "DJ652": Code("领导干部干预未移送纪检或报告上级", _W),
    "DJ653": Code("记录人当日不在岗", _W),
    "DJ654": Code("记录人类别不在设置中", _E),
    "DJ655": Code("重大事项类别不在设置中", _E),
    "DJ656": Code("过问或干预的方式不在设置中", _E),
    "DJ657": Code("零报告的报告期与设置不符", _E),
    "DJ658": Code("有记录的报告期又有零报告", _W),
    "DJ659": Code("重复的零报告", _W),
    # 签名提交 (DJ620–DJ629): actions/signatures.py, dj check --verify-signatures
    "DJ620": Code("须签名的文件夹中有未签名的提交", _E),
    "DJ621": Code("提交的签名无效", _E),
    "DJ622": Code("提交的签名无法验证（缺少签名者的公钥）", _E),
    "DJ623": Code("提交由不在可信名单中的密钥签名", _E),
    "DJ624": Code("提交的签名或签名密钥已过期", _W),
    "DJ625": Code("提交由已吊销的密钥签名", _E),
    "DJ630": Code("年度工作节点逾期未完成", _W),
}

CODES: dict[str, str] = {code: entry.title for code, entry in CATALOGUE.items()}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located in a file of the workspace.

    Attributes:
        code: stable code from CATALOGUE.
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
