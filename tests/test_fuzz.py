"""Fuzzing: random YAML documents and byte-level mutations of the example's records go through
the loader and the whole of ``dj check`` in process, and every rendering of its result. Each
example must end in findings or success within a time limit: never an exception, never a hang.

CI runs a bounded, deterministic run (``DJ_FUZZ_EXAMPLES``, default 150 per test). A longer,
random run::

    DJ_FUZZ_EXAMPLES=5000 DJ_FUZZ_RANDOM=1 pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "procuratorate"
BASE = Path(__file__).resolve().parent / "corpus" / "_base"
AS_OF = dt.date(2024, 12, 31)
LIMIT = 10  # seconds for one example
EXAMPLES = int(os.environ.get("DJ_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the alarm below is the time limit; hypothesis's deadline would flake on a busy CI machine
    derandomize=not os.environ.get("DJ_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    database=None,
)
RECORDS = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*")
                 if p.is_file() and p.suffix in (".yaml", ".md") and p.name != "dj.yaml")


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging (POSIX; elsewhere the example simply runs)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):  # noqa: ARG001
        raise AssertionError(f"dj check took more than {seconds} s on one fuzzed input")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_check(root: Path) -> None:
    """dj check in process, and every output format of its result."""
    from dangjian_cli.cli.output import render
    from dangjian_cli.pipeline import check_workspace

    with time_limit(LIMIT):
        result = check_workspace(root, AS_OF, use_cache=False)
        for fmt in ("text", "json", "github", "gitlab"):
            out = render(result, fmt)
            assert isinstance(out, str)
    for finding in result.findings:
        assert finding.code.startswith("DJ") and finding.line >= 1 and finding.message


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-example") / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".dj-cache"))
    return root


@pytest.fixture(scope="module")
def base_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-base") / "ws"
    shutil.copytree(BASE, root)
    return root


# --- byte-level mutations of the example's records -----------------------------------------

mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("dupline"), st.integers(0, 10**6), st.integers(1, 3)),
    st.tuples(st.just("special"), st.integers(0, 10**6), st.sampled_from([
        b"\x00", b"\t", "\u3000".encode(), "：".encode(), b"\xef\xbb\xbf", b"\r", b"&a ", b"*a ", b"!!python/object ",
        b"<<: ", b"%YAML 1.1\n", b"---\n", b"...\n", b"? ", b"- ", b"{", b"[", b"'", b'"', b"|", b">", b"#",
        "\u202e".encode(), "\u200b".encode(), b"\xff\xfe", b"0x", b"1e400", b"~", b"yes", b"2024-02-30",
    ])),
)


def mutate(data: bytes, ops: list) -> bytes:
    out = bytearray(data)
    for op, at, arg in ops:
        at = at % (len(out) + 1)
        if op == "flip" and out:
            out[at % len(out)] ^= arg
        elif op in ("insert", "special"):
            out[at:at] = arg
        elif op == "delete":
            del out[at:at + arg]
        elif op == "dupline":
            lines = bytes(out).split(b"\n")
            index = at % len(lines)
            lines[index:index] = [lines[index]] * arg
            out = bytearray(b"\n".join(lines))
    return bytes(out)


@FUZZ
@given(rel=st.sampled_from(RECORDS), ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_example_records_end_in_findings_or_success(example_copy: Path, rel: str, ops: list) -> None:
    path = example_copy / rel
    original = (EXAMPLE / rel).read_bytes()
    path.write_bytes(mutate(original, ops))
    try:
        run_check(example_copy)
    finally:
        path.write_bytes(original)


# --- random YAML documents -------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.dates(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["主要负责人", "班子成员", "一般干部", "p-zhangsan", "d-office", "2024-01-01", "yes", "0x1F", "007",
                     "1e999", "-.inf", "~", "null", "<<", "&a", "*a", "!!str x", "\u3000", "2024-02-30"]),
)
KEYS = ["id", "name", "posts", "title", "tier", "start", "end", "department", "remit", "departure", "date", "reason",
        "year", "person", "body", "area", "content", "topics", "targets", "items", "links", "role", "note", "<<", "x"]
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=6)),
    max_leaves=25,
)
raw_text = st.lists(st.sampled_from(list("abc-:#&*!|>'\"{}[],?%@` \n\t\u3000：李张0123.~") + ["\r\n", "---", "...", "id: ", "- "]),
                    max_size=120).map("".join)


@FUZZ
@given(kind=st.sampled_from(["people", "departments", "responsibilities/2024", "chains/2024", "signoffs/2024",
                             "study_plans", "study_sessions/2024"]),
       doc=documents, raw=raw_text, use_raw=st.booleans())
def test_random_yaml_documents_end_in_findings_or_success(base_copy: Path, kind: str, doc, raw: str, use_raw: bool) -> None:
    import yaml

    if use_raw:
        text = raw
    else:
        try:
            text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=None)
        except yaml.YAMLError:
            text = raw
    path = base_copy / kind / "fuzz.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        run_check(base_copy)
    finally:
        path.unlink()
