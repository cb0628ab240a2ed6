#!/usr/bin/env python3
"""Mutation check of the access rules (`make test-mutations`).

Each entry of scripts/mutations.toml is a realistic one-line bug in the access-critical code: a
file, an exact snippet (which must occur exactly once, so the list cannot rot silently), its
replacement, and the tests that must catch it. Each mutation is applied to a scratch copy of the
tree (never to the repository itself), the listed tests run with ``-x``, and the mutation is
"killed" when they fail. The check fails when any mutation survives (or a test run errors out
without running tests); it prints each result, the kill rate and the time taken.

    scripts/mutations.py [--jobs 2] [--only NAME ...] [--list]

The test database of each scratch copy is built once and reused (``--reuse-db``).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTATIONS = ROOT / "scripts" / "mutations.toml"
PYTHON = ROOT / ".venv" / "bin" / "python"
# pytest's exit codes: 0 all passed, 1 some failed; anything else (errors, nothing collected)
# means the mutation was not tested.
PASSED, FAILED = 0, 1


def load(path=MUTATIONS):
    return tomllib.loads(path.read_text(encoding="utf-8"))["mutation"]


def problems(mutations, root=ROOT):
    """What is wrong with the list itself: snippets not found exactly once, missing tests."""
    found = []
    names = set()
    for m in mutations:
        name = m["name"]
        if name in names:
            found.append(f"{name}: the name is used twice")
        names.add(name)
        path = root / m["file"]
        count = path.read_text(encoding="utf-8").count(m["original"]) if path.is_file() else 0
        if count != 1:
            found.append(f"{name}: the snippet occurs {count} times in {m['file']} (must be exactly once)")
        if m["original"] == m["replacement"]:
            found.append(f"{name}: the replacement is the original")
        if not m.get("tests"):
            found.append(f"{name}: no tests listed")
        for test in m.get("tests", []):
            if not (root / test.split("::")[0]).exists():
                found.append(f"{name}: test path {test.split('::')[0]} does not exist")
    return found


def scratch_copy(base: Path) -> Path:
    """The repository's files (tracked and new, not ignored) copied to ``base/<name>``, with
    ``shared/`` beside it as beside the repository (the OParl schemas)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    tree = base / ROOT.name
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    shared = ROOT.parent / "shared"
    if shared.exists():
        (base / "shared").symlink_to(shared)
    return tree


def run_tests(tree: Path, tests: list[str]) -> tuple[int, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PYTHONDONTWRITEBYTECODE": "1",  # a mutated file never meets a stale .pyc
        "TEST_DATABASE_NAME": str(tree / "mutations-test.sqlite3"),
    }
    env.pop("DATABASE_URL", None)
    command = [str(PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--reuse-db", *tests]
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def mutate(tree: Path, mutation) -> tuple[str, float, str]:
    path = tree / mutation["file"]
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(mutation["original"], mutation["replacement"], 1), encoding="utf-8")
    started = time.monotonic()
    try:
        code, output = run_tests(tree, mutation["tests"])
    finally:
        path.write_text(original, encoding="utf-8")
    verdict = {FAILED: "killed", PASSED: "SURVIVED"}.get(code, f"ERROR (pytest exit {code})")
    if code == FAILED:
        caught = [
            line.partition(" ")[2].split(" - ")[0]
            for line in output.splitlines()
            if line.startswith(("FAILED tests/", "ERROR tests/"))
        ]
        verdict = f"killed by {caught[0]}" if caught else verdict
    return verdict, time.monotonic() - started, output


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="scratch copies run in parallel (default 2)")
    parser.add_argument("--only", nargs="*", help="run only the mutations with these names")
    parser.add_argument("--list", action="store_true", help="check and list the mutations, run nothing")
    args = parser.parse_args(argv)

    mutations = load()
    wrong = problems(mutations)
    if wrong:
        print("The mutation list does not match the code:", *wrong, sep="\n  ")
        return 2
    if args.only:
        unknown = set(args.only) - {m["name"] for m in mutations}
        if unknown:
            print(f"Unknown mutations: {', '.join(sorted(unknown))}")
            return 2
        mutations = [m for m in mutations if m["name"] in args.only]
    if args.list:
        for m in mutations:
            print(f"{m['name']:45} {m['file']}")
        print(f"{len(mutations)} mutations, all snippets found exactly once.")
        return 0

    started = time.monotonic()
    results = {}
    with tempfile.TemporaryDirectory(prefix="portal-mutations-") as base:
        trees = queue.Queue()
        for n in range(max(1, args.jobs)):
            (Path(base) / str(n)).mkdir()
            trees.put(scratch_copy(Path(base) / str(n)))

        def work(mutation):
            tree = trees.get()
            try:
                verdict, seconds, output = mutate(tree, mutation)
            finally:
                trees.put(tree)
            print(f"{seconds:5.0f}s  {mutation['name']} ({mutation['file']}): {verdict}", flush=True)
            if not verdict.startswith("killed"):
                print(f"  {mutation.get('why', '')}\n  tests: {' '.join(mutation['tests'])}")
                print("  " + "\n  ".join(output.strip().splitlines()[-15:]), flush=True)
            results[mutation["name"]] = verdict

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(work, mutations))

    killed = sum(1 for v in results.values() if v.startswith("killed"))
    total = len(results)
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    print(f"\n{killed} of {total} mutations killed ({100 * killed / total:.0f} %) in {minutes} min {seconds} s.")
    survivors = [name for name, v in results.items() if not v.startswith("killed")]
    if survivors:
        print("Not killed:", ", ".join(survivors))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
