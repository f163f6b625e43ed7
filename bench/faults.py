"""Fault injection for the write path: kill ``dj assign sign`` at random moments, again and again.

After each kill the workspace must be in one of two states, and nothing else:
  * the write went through: HEAD has one new commit with exactly the sign-off file, the
    work tree is clean; or
  * it did not: ``dj check`` reports the half-done file (DJ117) or the tree is clean, and the
    next run of the same command commits it with a clean tree.
A temporary ``*.dj-tmp`` file a kill leaves is reported by ``dj check`` (DJ117) and removed by
the next write. Usage::

    python bench/faults.py [--kills 40] [--max-delay 1.5] [--seed 1]

Every other kill is aimed at the write itself (within 50 ms of the journal appearing); the
others come after a random delay.

Prints one line per kill and a summary; exit status 1 if any invariant broke.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DJ = [sys.executable, "-m", "dangjian_cli"]
ENV = {**os.environ, "NO_COLOR": "1", "GIT_AUTHOR_NAME": "故障测试", "GIT_AUTHOR_EMAIL": "faults@example.invalid",
       "GIT_COMMITTER_NAME": "故障测试", "GIT_COMMITTER_EMAIL": "faults@example.invalid"}
SIGNOFF = "signoffs/2024/2024-sign-p-fenger.yaml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def dj(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DJ, "-C", str(root), *args], capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL)


def leftovers(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*.dj-tmp")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--max-delay", type=float, default=1.5, help="kill after a random delay up to this many seconds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ws = Path(tempfile.mkdtemp()) / "ws"
    made = subprocess.run([*DJ, "init", "--example", str(ws)], capture_output=True, text=True, env=ENV)
    if made.returncode:
        print(made.stderr)
        return 1
    outcomes = {"committed": 0, "undone": 0, "not started": 0}
    broken = []
    for n in range(args.kills):
        day = f"2024-03-{n % 28 + 1:02d}"
        before = git(ws, "rev-parse", "HEAD").strip()
        cmd = [*DJ, "-C", str(ws), "assign", "sign", "冯二", "--date", day, "--replace"]
        run = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               env=ENV, start_new_session=True)
        # Every other kill aims at the write itself: once the journal appears, within 50 ms.
        journal = ws / ".git" / "dj-write.json"
        aimed = n % 2 == 1
        started = time.monotonic()
        if aimed:
            while not journal.exists() and run.poll() is None and time.monotonic() - started < 30:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(rng.uniform(0, args.max_delay))
        delay = time.monotonic() - started
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        run.wait()
        for lock in [ws / ".git" / "index.lock", ws / ".git" / "HEAD.lock", *(ws / ".git" / "refs").rglob("*.lock")]:
            lock.unlink(missing_ok=True)  # what a killed git leaves; git itself refuses until they are gone
        after = git(ws, "rev-parse", "HEAD").strip()
        status = git(ws, "status", "--porcelain", "--untracked-files=all")
        report = json.loads(dj(ws, "check", "--format", "json", "--no-cache").stdout)
        half = [f["path"] for f in report["findings"] if f["code"] == "DJ117"]
        problems = [p for p in leftovers(ws) if Path(p).relative_to(ws).as_posix() not in half]  # unreported
        if after != before:
            files = git(ws, "show", "--name-only", "--format=", "HEAD").split()
            state = "committed"
            if files != [SIGNOFF] or status or half:
                problems.append(f"commit holds {files}, status {status!r}, DJ117 {half}")
        elif status:
            state = "undone"
            dirty = sorted(line[3:] for line in status.splitlines())
            if dirty != sorted(half):
                problems.append(f"status {status!r} but DJ117 on {half}")
        else:
            state = "not started"
        rerun = dj(ws, "assign", "sign", "冯二", "--date", day, "--replace")
        clean = git(ws, "status", "--porcelain", "--untracked-files=all") == "" and not leftovers(ws)
        if rerun.returncode != 0 or not clean:
            problems.append(f"rerun exit {rerun.returncode}, clean {clean}: {rerun.stderr.strip()[:200]}")
        outcomes[state] += 1
        print(f"{n + 1:3d}  kill after {delay:.3f} s{' (aimed)' if aimed else ''}: {state}{'  PROBLEM: ' + '; '.join(problems) if problems else ''}")
        if problems:
            broken.append(n + 1)
    print(f"\n{args.kills} kills: {outcomes['committed']} committed whole, {outcomes['undone']} left half-done "
          f"(reported as DJ117 and undone by the rerun), {outcomes['not started']} killed before writing; "
          f"invariants broken: {len(broken)}")
    shutil.rmtree(ws.parent, ignore_errors=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
