"""A change check that reuses the last full check's results must report exactly what a full
check reports. Random changes to the example registry (edits that swap a value for another
record's, copies, duplicates across programs, deletions, broken YAML, evidence, links, program
rules, another as-of day) are each checked both ways and compared."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from techserve.checker import check
from techserve.registry.cache import BlobCache

from .conftest import EXAMPLE_AS_OF, _facts

CASES = int(os.environ.get("TECHSERVE_REUSE_CASES", "40"))


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _scalars(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _scalars(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _scalars(v, (*path, i))
    else:
        yield path, data


def _set(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


class Mutator:
    """Plausible, hostile and careless changes: values are taken from other records of the
    registry (so references, dates and people move between records), not made up."""

    def __init__(self, root: Path, rnd: random.Random):
        self.root, self.rnd = root, rnd
        self.sub = root / "submissions"
        self.files = sorted(p for p in self.sub.rglob("*.yaml") if "calendar" not in p.parts)
        self.pool: dict[str, list] = {}
        for p in self.files:
            for path, value in _scalars(yaml.safe_load(p.read_text(encoding="utf-8"))):
                if path:
                    self.pool.setdefault(str(path[-1]), []).append(value)
        self.programs = sorted(p.parent for p in self.sub.glob("programs/*/program.yaml"))

    def pick(self) -> Path:
        return self.rnd.choice(self.files)

    def swap_value(self) -> str:
        p = self.pick()
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        spots = [(path, v) for path, v in _scalars(data) if path and str(path[-1]) in self.pool]
        if not spots:
            return "nothing"
        path, _ = self.rnd.choice(spots)
        value = self.rnd.choice(self.pool[str(path[-1])])
        _set(data, path, value)
        p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return f"swap {p.name} {path}={value!r}"

    def drop_field(self) -> str:
        p = self.pick()
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data:
            data.pop(self.rnd.choice(sorted(data)))
            p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return f"drop field in {p.name}"

    def delete(self) -> str:
        p = self.pick()
        if p.exists():
            p.unlink()
        return f"delete {p.name}"

    def copy_new(self) -> str:
        p = self.pick()
        target = p.with_name(f"copy-{self.rnd.randrange(1000)}.yaml")
        shutil.copy(p, target)
        return f"copy {p.name} → {target.name}"

    def duplicate_elsewhere(self) -> str:
        """The same id as an existing record, in another program's folder of the same kind."""
        p = self.pick()
        if p.parent.parent.parent.name != "programs":
            return self.copy_new()
        others = [prog for prog in self.programs if prog != p.parent.parent]
        other = self.rnd.choice(others) / p.parent.name / p.name
        other.parent.mkdir(exist_ok=True)
        shutil.copy(p, other)
        return f"duplicate {p.name} in {other.parent.parent.name}"

    def break_yaml(self) -> str:
        p = self.pick()
        p.write_text(p.read_text(encoding="utf-8") + "\n  : [oops\n", encoding="utf-8")
        return f"break {p.name}"

    def evidence(self) -> str:
        program = self.rnd.choice(self.programs)
        folder = program / "evidence"
        existing = sorted(folder.glob("*")) if folder.exists() else []
        if existing and self.rnd.random() < 0.5:
            existing[0].unlink()
            return f"remove evidence {existing[0].name}"
        folder.mkdir(exist_ok=True)
        name = self.rnd.choice(["hust-hengsheng-2025-first-visit.png", "new-visit.png"])
        (folder / name).write_bytes(b"\x89PNG\r\n")
        return f"add evidence {program.name}/{name}"

    def link(self) -> str:
        p = self.pick()
        if p.exists():
            p.unlink()
            p.symlink_to(self.pick())
        return f"link {p.name}"

    def program_rule(self) -> str:
        p = self.rnd.choice(self.programs) / "program.yaml"
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if data.get("rules"):
            rule = self.rnd.choice(data["rules"])
            rule["severity"] = "warning" if rule.get("severity") == "error" else "error"
            if self.rnd.random() < 0.3:
                data["rules"].pop(0)
        p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return f"rules of {p.parent.name}"

    def apply(self) -> list[str]:
        moves = [self.swap_value] * 6 + [self.drop_field, self.delete, self.copy_new, self.duplicate_elsewhere,
                                         self.break_yaml, self.evidence, self.link, self.program_rule]
        return [self.rnd.choice(moves)() for _ in range(self.rnd.randint(1, 3))]


@pytest.fixture(scope="module")
def based(tmp_path_factory):
    """The example registry committed as `base`, and a cache holding base's full check."""
    root = tmp_path_factory.mktemp("reuse")
    shutil.copytree(Path(__file__).resolve().parent.parent / "submissions", root / "submissions")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "ci@example.invalid")
    _git(root, "config", "user.name", "CI")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "branch", "base")
    folder = root.parent / "reuse-cache"
    check(root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    assert BlobCache(folder).snapshot(), "a full check with a cache keeps its results"
    return root, folder


@pytest.mark.parametrize("seed", range(CASES))
def test_reused_results_equal_a_full_check(based, tmp_path, seed):
    root, folder = based
    _git(root, "checkout", "-q", "-f", "main")
    _git(root, "clean", "-q", "-fdx")
    rnd = random.Random(seed)
    what = Mutator(root, rnd).apply()
    as_of = EXAMPLE_AS_OF + timedelta(days=rnd.choice([0, 0, 0, 1, -30, 200]))
    if rnd.random() < 0.5:
        _git(root, "add", "-A")  # staged or not: the listing must not care
    cache = tmp_path / "cache"
    shutil.copytree(folder, cache)
    reused = check(root, as_of, base="base", cache=BlobCache(cache))
    full = check(root, as_of, base="base")
    assert _facts(reused) == _facts(full), what


def test_reuse_changes_nothing_when_nothing_changed(based, tmp_path):
    """The same tree and day: every finding comes from the snapshot, and no file is parsed."""
    root, folder = based
    _git(root, "checkout", "-q", "-f", "main")
    _git(root, "clean", "-q", "-fdx")
    cache = BlobCache(folder)
    reused = check(root, EXAMPLE_AS_OF, base="base", cache=cache)
    assert _facts(reused) == _facts(check(root, EXAMPLE_AS_OF, base="base"))
    assert cache.misses == 0


def test_a_stale_unit_is_rerun(based, tmp_path):
    """The failing case the property test guards: a new application naming an unknown person
    is reported although the snapshot of base had no finding for it."""
    root, folder = based
    _git(root, "checkout", "-q", "-f", "main")
    _git(root, "clean", "-q", "-fdx")
    app = root / "submissions/programs/jiangxi-tepaiyuan-2021/applications"
    source = sorted(app.glob("*.yaml"))[0]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["person"] = "nobody-at-all"
    (app / "new-one.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cache = tmp_path / "cache"
    shutil.copytree(folder, cache)
    reused = check(root, EXAMPLE_AS_OF, base="base", cache=BlobCache(cache))
    assert any(f.rule == "ref.unknown" and f.record == "new-one" and "nobody-at-all" in f.message
               for f in reused.findings)
    assert _facts(reused) == _facts(check(root, EXAMPLE_AS_OF, base="base"))


def test_a_damaged_snapshot_means_a_full_check(based, tmp_path):
    root, folder = based
    _git(root, "checkout", "-q", "-f", "main")
    cache = tmp_path / "cache"
    shutil.copytree(folder, cache)
    c = BlobCache(cache)
    c.put_snapshot('{"as_of": "2026-01-01", "listing": []}')
    reused = check(root, EXAMPLE_AS_OF, base="base", cache=BlobCache(cache))
    assert _facts(reused) == _facts(check(root, EXAMPLE_AS_OF, base="base"))


def test_a_snapshot_of_another_day_reruns_what_reads_the_day(based):
    root, folder = based
    _git(root, "checkout", "-q", "-f", "main")
    _git(root, "clean", "-q", "-fdx")
    later = date(2030, 1, 1)
    reused = check(root, later, base="base", cache=BlobCache(folder))
    assert _facts(reused) == _facts(check(root, later, base="base"))


# ---- the pieces ------------------------------------------------------------------------------

def test_reads_are_recorded_by_key(example):
    from techserve.registry import load_registry
    from techserve.reuse.reads import ALL, PATHS, TrackedRegistry

    reg = load_registry(example.root)
    reads: set[str] = set()
    view = TrackedRegistry(reg, reads)
    view.get("person", "nobody")
    list(view.valid("application", "jiujiang-kjfwt-2025"))
    view.evidence.get("jiujiang-kjfwt-2025")
    assert reads == {"p|person|nobody", "s|application|jiujiang-kjfwt-2025", "e|jiujiang-kjfwt-2025"}
    list(view.by_kind["need"].values())
    _ = view.paths
    assert {"s|need|*", PATHS} <= reads and ALL not in reads
    _ = view.entries  # not part of the read interface: anything may have been read
    assert ALL in reads


def test_status_reads_name_the_application(example):
    from techserve.registry import load_registry
    from techserve.reuse.reads import Derived, TrackedContext

    reads: set[str] = set()
    ctx = TrackedContext(Derived(load_registry(example.root), EXAMPLE_AS_OF), reads)
    ctx.status.of("xjtu-dianli-2025")
    ctx.status.approved_on.get("x")
    assert reads == {"b|status|xjtu-dianli-2025", "b|approved_on|x"}
    dict(ctx.status.approved_on.items())
    assert "b|approved_on|*" in reads


def test_staleness():
    from techserve.reuse.engine import stale

    assert not stale(["p|person|a", "t"], set(), day_moved=False)
    assert stale(["p|person|a", "t"], set(), day_moved=True)
    assert stale(["p|person|a"], {"p|person|a"}, day_moved=False)
    assert not stale(["p|person|a"], {"p|person|b"}, day_moved=False)
    assert stale(["all"], {"p|person|b"}, day_moved=False)
    assert not stale(["all"], set(), day_moved=False)


def test_shards_do_not_depend_on_the_interpreter():
    """Python's own str hash changes with every process; a shard must not."""
    code = "from techserve.registry.shards import shard_of; print([shard_of(f'id-{i}') for i in range(50)])"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1


def test_a_change_reruns_only_its_shard(based, tmp_path):
    """One new application reruns the application shard that holds it, not the other shards."""
    from techserve.registry.cache import BlobCache
    from techserve.registry.lazy import load_beside
    from techserve.registry.shards import shard_of
    from techserve.reuse import Snapshot
    from techserve.reuse.engine import change_keys, stale, with_derived
    from techserve.reuse.reads import Derived
    from techserve.rules import FILE_RULES

    root, folder = based
    _git(root, "checkout", "-q", "-f", "main")
    _git(root, "clean", "-q", "-fdx")
    app = root / "submissions/programs/jiangxi-tepaiyuan-2021/applications"
    shutil.copy(sorted(app.glob("*.yaml"))[0], app / "new-one.yaml")
    shutil.copytree(folder, tmp_path / "cache")
    cache = BlobCache(tmp_path / "cache")
    snap = Snapshot.loads(cache.snapshot())
    reg, changed = load_beside(root, snap.listing, cache, FILE_RULES, snap.hints)
    assert changed == {"submissions/programs/jiangxi-tepaiyuan-2021/applications/new-one.yaml"}
    keys = with_derived(change_keys(changed, reg, snap), snap, False, Derived(reg, EXAMPLE_AS_OF))
    rerun = {k for k, (reads, _) in snap.units.items() if stale(reads, keys, False)}
    mine = shard_of("new-one")
    assert f"references|application|{mine}" in rerun
    assert not any(k.startswith("references|application|") and k != f"references|application|{mine}" for k in rerun)
    assert "references|person|0" not in rerun


def test_a_rule_wrongly_declared_each_is_named(tree, monkeypatch):
    """A rule that counts across applications but declares each=("application",) gives other
    findings shard by shard; each_breaches says which rule, and why, in words a rule author reads."""
    from techserve.registry import load_registry
    from techserve.rules import Context
    from techserve.rules.library import RULES, each_breaches
    from techserve.rules.library.base import Hit, NoParams, RuleSpec, applications

    from .rulekit import Kit

    def too_many(ctx, program, p):
        """At most one application per program (a count across records)."""
        apps = list(applications(ctx, program))
        for app in apps[1:]:
            yield Hit(app, (), "多于一份申报")

    # stands in for a real rule id, so its findings carry an id of the catalogue
    k = Kit(tree, [{"rule": "team.size", "params": {"min": 1, "max": 30}}, {"rule": "application.window"}])
    k.person("a")
    for n in range(40):
        k.individual(f"app-{n:02d}", "a")
    monkeypatch.setitem(RULES, "application.window", RuleSpec("application.window", too_many, NoParams,
                                                              each=("application",)))
    breaches = each_breaches(Context(load_registry(tree.root), date(2026, 1, 1)))
    assert len(breaches) == 1 and breaches[0].startswith("application.window (program p, rule 2) is declared each=")
    monkeypatch.setitem(RULES, "application.window", RuleSpec("application.window", too_many, NoParams))
    assert each_breaches(Context(load_registry(tree.root), date(2026, 1, 1))) == []


def test_the_site_builds_check_leaves_no_snapshot(tmp_path):
    """snapshot=False (the site build): the cache gets the parsed files but not the run's reads,
    and the findings are those of the full check."""
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "cache"
    quiet = check(root, EXAMPLE_AS_OF, cache=BlobCache(folder), snapshot=False)
    assert not BlobCache(folder).snapshot()
    full = check(root, EXAMPLE_AS_OF, cache=BlobCache(folder))
    assert BlobCache(folder).snapshot() and quiet.findings == full.findings
