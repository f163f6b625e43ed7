"""Round-trip edits keep every comment: before, beside and after each key and list item, and at
the end of the file, also when a whole list is replaced or a key removed or added."""

from __future__ import annotations

import pytest

from dangjian_cli.actions.yamledit import dump_rt, load_rt, set_field

ORDER = ["id", "year", "person", "date", "counterpart", "items"]

SOURCE = """\
# 文件开头的说明
id: 2024-sign-p-fenger  # 编号旁
# 年度之前
year: 2024  # 年度旁
# 日期之前
date: 2024-03-05  # 日期旁
# 清单之前
items:  # 清单键旁
  # 第一项之前
  - 2024-a  # 第一项旁
  # 两项之间
  - 2024-b  # 第二项旁
  # 最后一项之后
# 文件末尾
"""

COMMENTS = [line.split("#", 1)[1].strip() for line in SOURCE.splitlines() if "#" in line]


def edit(changes: dict) -> str:
    loaded = load_rt(SOURCE.encode("utf-8"), "x.yaml")
    for key, value in changes.items():
        set_field(loaded.data, key, value, ORDER)
    return dump_rt(loaded).decode("utf-8")


def kept(text: str) -> list[str]:
    return [c for c in COMMENTS if f"# {c}" in text]


@pytest.mark.parametrize("changes", [
    {"date": "2024-03-09"},                                   # a scalar replaced
    {"items": ["2024-a", "2024-b", "2024-c"]},                # an item added at the end
    {"items": ["2024-x", "2024-y"]},                          # every item replaced
    {"items": ["2024-b"]},                                    # the first item removed
    {"items": ["2024-a"]},                                    # the last item removed
    {"items": []},                                            # the list emptied
    {"counterpart": "p-lisi"},                                # a key inserted before the list
    {"date": None},                                           # a key removed
    {"items": None},                                          # the last key removed
    {"person": "p-fenger", "counterpart": "p-lisi", "items": ["2024-c", "2024-a", "2024-b", "2024-d"]},
])
def test_no_comment_is_lost(changes: dict) -> None:
    text = edit(changes)
    assert kept(text) == COMMENTS, text
    assert text.startswith("# 文件开头的说明\nid:")
    if changes.get("items") is not None or "items" not in changes:
        assert text.rstrip().endswith("# 文件末尾"), text
    load_rt(text.encode("utf-8"), "x.yaml")  # still valid YAML


def test_comments_stay_with_the_items_that_stay() -> None:
    text = edit({"items": ["2024-a", "2024-new", "2024-b"]})
    assert "  - 2024-a  # 第一项旁\n" in text and "  - 2024-b  # 第二项旁\n" in text
    assert text.index("# 第一项之前") < text.index("2024-a") < text.index("2024-new") < text.index("# 最后一项之后")


def test_a_value_that_ends_the_file_keeps_the_file_end_comment_after_it() -> None:
    text = edit({"items": ["2024-z"]})
    assert text.index("2024-z") < text.index("# 最后一项之后") < text.index("# 文件末尾")
