"""The saved results of ``dj review --save``: each subject's score, grade and what follows.

Written by dj (``actions/review.py``), read by ``dj report`` and by the next year's review (the
选拔任用 gate looks at last year's grade: 《党政领导干部选拔任用工作条例》第二十四条).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from .assign import Year
from .base import Date, Model, PersonRef, Record


class SavedComponent(Model):
    """一项得分。"""

    model_config = ConfigDict(title="考核项得分")

    name: Annotated[str, Field(title="考核项", description="例如 检查整改、民主测评。", min_length=1)]
    score: Annotated[float | None, Field(title="得分", description="0—100；无可计记录时为空。", ge=0, le=100)] = None
    weight: Annotated[float, Field(title="权重", description="dj.yaml 中的权重。", ge=0, le=1)]
    effective_weight: Annotated[float, Field(title="实际权重", description="不计的考核项的权重由其余各项按比例分担后的权重。", ge=0, le=1)] = 0.0
    sources: Annotated[list[str], Field(title="依据的记录", description="给出得分的记录文件。")] = []


class SavedScorecard(Model):
    """一个考核对象的结果。"""

    model_config = ConfigDict(title="考核结果")

    subject: Annotated[str, Field(title="考核对象", description="人员编号，或 body:党组。", min_length=1)]
    person: PersonRef("人员", "考核对象为个人时的人员编号。", optional=True) = None
    name: Annotated[str, Field(title="名称", description="姓名或党组。", min_length=1)]
    post: Annotated[str | None, Field(title="职务", description="考核期内的职务。")] = None
    score: Annotated[float, Field(title="综合得分", description="各项加权后的综合得分，0—100 分。", ge=0, le=100)]
    grade: Annotated[str, Field(title="等次", description="按 dj.yaml 中的分数线评定，受否决的不得为最高等次。", min_length=1)]
    components: Annotated[list[SavedComponent], Field(title="各项得分", description="组织查和群众议各项。")] = []
    deductions: Annotated[list[str], Field(title="扣分", description="扣分及其理由。")] = []
    vetoes: Annotated[list[str], Field(title="否决", description="不得评为最高等次的理由。")] = []
    evaluation_eligible: Annotated[bool, Field(title="可以评优", description="本年度是否可以评优。")] = True
    promotion_eligible: Annotated[bool | None, Field(title="可以列为选拔任用考察对象", description="个人：是否可以列为考察对象；党组为空。")] = None
    reasons: Annotated[list[str], Field(title="理由", description="不得评优或不得列为考察对象的理由及依据的记录。")] = []
    obligations: Annotated[list[str], Field(title="应履行的事项", description="例如述责述廉测评低于警戒分时的书面说明、谈话和限期整改。")] = []


class ReviewResult(Record):
    """dj review --save 保存的考核结果。"""

    model_config = ConfigDict(
        title="考核结果",
        json_schema_extra={"description": "dj review --save 写入的某年度（或半年）考核结果：各考核对象的得分、等次、各项得分和结果运用。"
                                          "由 dj 生成，请勿手工修改；需要重新考核时再运行 dj review --save。文件放在 reviews/ 目录。"},
    )

    year: Year
    half: Annotated[Literal[1, 2] | None, Field(title="半年", description="1 为上半年，2 为下半年；年度考核不填。")] = None
    date: Annotated[Date, Field(title="考核日期", description="计算结果所依据的日期（dj review --as-of，默认当天）。")]
    weights: Annotated[dict[str, float], Field(title="权重", description="考核时 dj.yaml 中的各项权重。")] = {}
    scorecards: Annotated[list[SavedScorecard], Field(title="考核结果", description="每个考核对象一项。")] = []
    note: Annotated[str | None, Field(title="备注", description="其他说明。")] = None


__all__ = ["ReviewResult", "SavedComponent", "SavedScorecard"]
