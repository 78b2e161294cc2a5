"""Targets measured from the registry, and the rule catalogue (`techserve rules`)."""

from __future__ import annotations

import json
import re

from techserve.cli import main
from techserve.rules.library import RULES

from .conftest import REPO

POLICY_RULES = {
    "team.size", "team.min-phd", "team.leader", "person.max-teams", "member.qualification", "applicant.unit-type",
    "application.window", "quota.max-approved", "funding.amount", "service.frequency", "applicant.unit-region",
    "applicant.years-at-unit", "applicant.qualification", "agreement.parties", "agreement.min-duration",
    "application.duties", "funding.range", "applicant.age", "enterprise.region", "enterprise.attestations",
    "team.members-registered", "need.max-matches", "agreement.max-concurrent", "agreement.designation",
    "application.commitment", "need.challenge",
}


def test_every_policy_rule_id_is_in_the_library():
    assert POLICY_RULES <= set(RULES)
    assert all(spec.check.__doc__ for spec in RULES.values())


def test_targets_in_json(capsys):
    code = main(["check", "--root", str(REPO), "--as-of", "2026-11-22", "--format", "json"])
    body = json.loads(capsys.readouterr().out)
    assert code == 0
    yt = {t["id"]: t for t in body["targets"]["yingtan-xuqiu-2025"]}
    assert (yt["needs"]["value"], yt["needs"]["goal"], yt["needs"]["year"]) == (6, 150, 2025)
    assert (yt["jishu-hetong"]["value"], yt["jishu-hetong"]["unit"], yt["jishu-hetong"]["reported_on"]) == \
        (93.2, "亿元", "2026-01-15")
    assert yt["agreements"]["value"] == 2 and yt["conversions"]["value"] == 1
    cells = {(c["county"], c["unit"]): c["value"] for c in yt["matrix"]["cells"]}
    assert len(cells) == 15
    assert cells[("贵溪市", "csu")] == 1 and cells[("余江区", "kust")] == 1 and cells[("贵溪市", "kust")] == 0
    assert yt["matrix"]["value"] == 2
    assert body["targets"]["jiujiang-kjfwt-2025"][0]["value"] == 3


def test_targets_respect_the_as_of_day(capsys):
    main(["check", "--root", str(REPO), "--as-of", "2025-05-12", "--format", "json"])
    body = json.loads(capsys.readouterr().out)
    yt = {t["id"]: t for t in body["targets"]["yingtan-xuqiu-2025"]}
    assert yt["needs"]["value"] == 1 and yt["agreements"]["value"] == 0


def test_rules_catalogue_quotes_clauses(capsys):
    assert main(["rules", "--root", str(REPO), "--program", "jiujiang-kjfwt-2025"]) == 0
    out = capsys.readouterr().out
    assert "[team.size]" in out and "二（二）各团由3-5名成员组成" in out and "jingdezhen" not in out
    assert main(["rules", "--root", str(REPO), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rules"]
    assert {r["program"] for r in rows} == {"jiujiang-kjfwt-2025", "jingdezhen-ruqi-2020", "jiangxi-tepaiyuan-2021",
                                            "yingtan-xuqiu-2025", "jiangsu-jiebang-2021"}
    assert all(r["clause"] for r in rows)


def test_the_catalogue_holds_every_library_rule_and_no_clause():
    """Every rule is registered once with a Chinese title; clauses come only from programs."""
    import re

    from techserve.catalogue import CATALOGUE
    from techserve.rules.library import RULES

    assert set(RULES) <= set(CATALOGUE)
    for rule, info in CATALOGUE.items():
        assert info.title and not re.search(r"[a-z]{3,}", info.title), rule  # no identifiers
        assert info.stage and info.severity in ("error", "warning", "info"), rule
    for rule, spec in RULES.items():
        assert spec.title == CATALOGUE[rule].title and (spec.check.__doc__ or "").strip(), rule


def test_each_program_rule_lives_in_the_module_its_id_names():
    """team.size in rules/library/team.py, agreement.one-to-one in agreement.py (yamllint, ruff)."""
    from pathlib import Path

    from techserve.rules.library import RULES

    misplaced = {rid: spec.check.__module__ for rid, spec in RULES.items()
                 if spec.check.__module__ != f"techserve.rules.library.{rid.split('.')[0]}"}
    assert not misplaced, misplaced
    library = Path(RULES["team.size"].check.__code__.co_filename).parent
    subjects = {rid.split(".")[0] for rid in RULES}
    modules = {p.stem for p in library.glob("*.py")} - {"__init__", "base", "shared", "wording"}
    assert modules == subjects, "a module of the library holds no rule of its name"


def test_no_policy_clause_is_written_in_python():
    """A finding cites the clause its program configured: no city's clause text in the code."""
    import re

    from .conftest import REPO

    cities = re.compile(r"(九江|江西|鹰潭|江苏|景德镇)\s*[一二三四五六七八九十（(]")
    for path in (REPO / "scripts/techserve").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not cities.search(line), f"{path.relative_to(REPO)}:{n}: {line.strip()[:80]}"


def test_rules_all_lists_the_catalogue(capsys):
    from techserve.catalogue import CATALOGUE
    from techserve.cli import main

    assert main(["rules", "--all"]) == 0
    out = capsys.readouterr().out
    assert all(f"[{rule}]" in out for rule in CATALOGUE)
    # where each id lives, found from the id
    line = next(x for x in out.splitlines() if x.startswith("- [team.size]"))
    assert line.endswith("techserve/rules/library/team.py")
    assert next(x for x in out.splitlines() if x.startswith("- [privacy.location]")).endswith("loader/evidence.py")
    assert main(["rules", "--all", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(r["modules"] for r in rows)


def test_a_conversion_reported_on_two_visits_counts_once(example):
    """鹰潭: 成果转化 counted per agreement and result, not per service record."""
    from datetime import date

    from techserve.registry import load_registry
    from techserve.registry.status import derive
    from techserve.registry.targets import measure

    def conversions():
        reg = load_registry(example.root)
        rows = measure(reg, derive(reg, date(2026, 11, 22)), date(2026, 11, 22))["yingtan-xuqiu-2025"]
        return next(t for t in rows if t["id"] == "conversions")["value"]

    before = conversions()
    services = sorted((example.root / "submissions/programs/yingtan-xuqiu-2025/services").glob("*.yaml"))
    source = next(p for p in services if "conversion: true" in p.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    again = source.with_name("again-" + source.name)
    again.write_text(text.replace("date: 2025-", "date: 2025-", 1), encoding="utf-8")  # the same result, reported again
    assert conversions() == before
    again.write_text(text + "conversion_title: 另一项成果\n", encoding="utf-8")  # a second, named result
    assert conversions() == before + 1


def _plain(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


SECTION = re.compile(r"^(附件\d+\s*)?[一二三四五六七八九十\d]*(（[^）]*）)?[\d\-（）]*\s*")


def unquoted(clause: str, seeds: str) -> list[str]:
    """What a clause says that is neither the seeds' own words nor marked （本项目规定：…）: the
    section numbers (三（五）10, 1（1）) and "……" between quoted pieces are fine."""
    # No label passes for a quote (issue 37: "入库名单公示" is no seed's text): what is this project's
    # own is all inside （本项目规定：…）, and everything outside it is the seed's words.
    rest = re.sub(r"（本项目规定[^）]*）", "", clause)
    out = []
    for part in rest.split("；"):
        for piece in SECTION.sub("", part.strip(), count=1).split("……"):
            if _plain(piece) and _plain(piece) not in seeds:
                out.append(piece)
    return out


def test_every_clause_quotes_its_seed_or_says_it_is_this_projects_rule():
    """A clause a finding cites, a target's clause and a program's clauses map are the seed's own
    words, or marked （本项目规定：…） where this project reads or adds something: nobody reads a
    requirement the policy does not have as if it were the policy's."""
    import yaml

    seeds = _plain("".join(p.read_text(encoding="utf-8") for p in sorted((REPO.parent / "shared/seeds").glob("*.txt"))))
    assert unquoted("三（五）10 突破关键技术30项", seeds) == ["突破关键技术30项"]  # the seed has no 项 there
    assert unquoted("三（五）10 突破关键技术30（本项目规定：按年度）", seeds) == []
    assert unquoted("入库名单公示（本项目规定公示5个工作日）", seeds) == ["入库名单公示"]  # a label is not a quote
    assert unquoted("（本项目规定：入库名单公示5个工作日）", seeds) == []
    for path in sorted((REPO / "submissions/programs").glob("*/program.yaml")):
        program = yaml.safe_load(path.read_text(encoding="utf-8"))
        clauses = ([r.get("clause", "") for r in program.get("rules", [])] + list((program.get("clauses") or {}).values())
                   + [t.get("clause", "") for t in program.get("targets", [])])
        for clause in clauses:
            assert unquoted(clause, seeds) == [], (path.parent.name, clause)


# Words a seed writes for a number a rule's parameter holds (一名 → max 1, 半年 → min_months 6).
NUMBER_WORDS = {"一": [1], "两": [2], "二": [2], "三": [3], "四": [4], "五": [5], "六": [6], "七": [7], "八": [8],
                "九": [9], "十": [10], "半年": [6, 180, 183], "一个月": [30, 31], "一年": [1, 12, 365]}


def unstated(params: dict, clause: str) -> list[str]:
    """The numeric parameters of a rule instance that its clause does not state: what the check
    enforces must be what the clause says (or what its （本项目规定：…） adds)."""
    said = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", clause)}
    for word, values in NUMBER_WORDS.items():
        if re.search(rf"{word}(?:[名个家项次年月位人]|$)", clause) or (len(word) > 1 and word in clause):
            said |= {float(v) for v in values}
    return [f"{k}={v}" for k, v in params.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v) not in said]


def test_every_number_a_rule_enforces_is_stated_in_its_clause():
    """A clause whose enforcement differs from its text fails: 各团由3-5名 with max 4, a top-10
    reading of 系统推荐 that no clause states."""
    import yaml

    assert unstated({"min": 3, "max": 5}, "二（二）各团由3-5名成员组成") == []
    assert unstated({"min": 3, "max": 4}, "二（二）各团由3-5名成员组成") == ["max=4"]
    assert unstated({"top": 10}, "一是系统根据特派员研究领域智能推荐") == ["top=10"]
    assert unstated({"max": 1}, "每一项需求原则上匹配一名特派员") == []
    for path in sorted((REPO / "submissions/programs").glob("*/program.yaml")):
        for r in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            assert unstated(r.get("params") or {}, r.get("clause", "")) == [], (path.parent.name, r["rule"])


def test_yingtans_figures_are_all_targets():
    """鹰潭's 2025 plan sets these figures; every one is a target of its program."""
    import yaml

    yingtan = yaml.safe_load((REPO / "submissions/programs/yingtan-xuqiu-2025/program.yaml").read_text(encoding="utf-8"))
    goals = sorted(t["goal"] for t in yingtan["targets"])
    for figure in (520, 300, 20, 3, 3.9, 5, 60, 10, 11, 15, 11, 28, 9, 1, 150, 25, 45, 92, 44, 30, 48, 15):
        assert figure in goals, figure
        goals.remove(figure)


def test_every_catalogued_id_is_found_from_its_id_where_it_is_defined_and_tested():
    """A rule's code and its tests are found from its id (as yamllint's and ruff's are): each id
    in the catalogue is written, quoted, in the module that declares or implements it, and at
    least one test module names it (a test that expects the id, passing or failing)."""
    from techserve.catalogue import CATALOGUE

    package = REPO / "scripts" / "techserve"
    sources = {p: p.read_text(encoding="utf-8") for p in package.rglob("*.py")}
    tests = {p: p.read_text(encoding="utf-8") for p in (REPO / "tests").glob("test_*.py")}
    homeless, untested = [], []
    for rid in CATALOGUE:
        quoted = re.compile(rf"""["']{re.escape(rid)}["']""")
        if not any(quoted.search(text) for text in sources.values()):
            homeless.append(rid)
        if not any(quoted.search(text) for text in tests.values()):
            untested.append(rid)
    assert len(CATALOGUE) >= 80
    assert homeless == [], f"ids no module writes: {homeless}"
    assert untested == [], f"ids no test expects: {untested}"


def test_an_enterprise_in_the_park_counts_for_the_park_whatever_its_district():
    """鹰潭 三（六）12 贵溪市、余江区、高新区分别与……: an enterprise of 鹰潭高新技术产业开发区 registered
    with its real district counts for 高新区, written in the program either way; one outside any
    listed area counts for none."""
    from types import SimpleNamespace as E

    from techserve.registry.targets import area_of

    areas = ["贵溪市", "余江区", "鹰潭高新区"]
    in_park = E(city="鹰潭市", county="月湖区", park="鹰潭高新技术产业开发区")
    assert area_of(in_park, areas) == "鹰潭高新区"
    assert area_of(in_park, ["贵溪市", "高新区"]) == "高新区"
    assert area_of(E(city="鹰潭市", county="余江区", park=None), areas) == "余江区"
    assert area_of(E(city="鹰潭市", county="余江区", park="余江工业园区"), areas) == "余江区"
    assert area_of(E(city="鹰潭市", county="月湖区", park=None), areas) is None
    assert area_of(E(city="九江市", county="濂溪区", park="九江经济技术开发区"), ["九江经开区"]) == "九江经开区"


def test_every_check_that_always_runs_says_why(capsys):
    """The rule page and `rules --all` say what goes wrong without each always-on check; a program
    rule's why is the clause its program cites."""
    from techserve.catalogue import CATALOGUE
    from techserve.rules.library import RULES  # noqa: F401  (the library registers its rules)

    missing = [i.id for i in CATALOGUE.values() if i.stage != "program" and not i.why]
    assert missing == []
    assert main(["rules", "--all"]) == 0
    out = capsys.readouterr().out
    assert f"为什么：{CATALOGUE['privacy.mobile'].why}" in out
