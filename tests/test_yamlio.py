"""The read path (libyaml compose) and the edit path (ruamel round-trip) mean the same thing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dangjian_cli import yamlio

CASES = [
    "a: no\nb: on\nc: yes\nd: NO\ne: off\n",
    "n: 013800000000\nm: 017\no: 0o17\nx: 0x1F\nu: 1_000\n",
    "f: 1.10\ng: 1e3\nh: .5\ni: -2.5\nj: 1:20\n",
    "d1: 2024-01-05\nd2: 2024-02-30\nd3: 2024-1-3\n",
    "t: true\nT: True\nfa: FALSE\nnul: ~\nnul2: null\nempty:\n",
    "list:\n  - 张三\n  - '李四'\n  - \"王五\"\nnested:\n  k: [1, 2, {x: y}]\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
    "text: |\n  第一行\n  第二行\nfolded: >\n  甲\n  乙\n",
    "\ufeffbom: 1\n",
    "crlf: 1\r\nnext: 二\r\n",
]


def plain(value):
    """Compare as JSON-like data (ruamel returns its own container types)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)))


@pytest.mark.parametrize("text", CASES)
def test_both_paths_agree(text: str) -> None:
    fast = yamlio.build(yamlio.compose(text))
    slow = yamlio.rt_yaml().load(text)
    assert plain(fast) == plain(slow)


def test_yaml_12_semantics_on_the_read_path() -> None:
    data = yamlio.build(yamlio.compose(CASES[0]))
    assert data == {"a": "no", "b": "on", "c": "yes", "d": "NO", "e": "off"}
    dates = yamlio.build(yamlio.compose(CASES[3]))
    assert dates == {"d1": dt.date(2024, 1, 5), "d2": "2024-02-30", "d3": "2024-1-3"}


def test_foreign_tags_are_refused() -> None:
    with pytest.raises(yamlio.YamlProblem) as info:
        yamlio.build(yamlio.compose("a: !!python/object/apply:os.system ['true']\n"))
    assert info.value.code == "DJ115"
