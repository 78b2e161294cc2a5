"""Input an attacker would send: links, devices, pipes, odd names, odd dates, numbers spelled to
slip past the privacy rules. Each is a finding at a file and line, never a crash, hang or leak."""

from __future__ import annotations

import json
import os
import time

import pytest

from techserve.cli import main
from techserve.personal import redact
from techserve.reporters.comment import BadReport, render_comment
from techserve.site.plugin import refusal

from .snippets import ENTERPRISE, LI_SI, PERSON, base
from .test_workflow import JJ, Repo

MOBILE = "13800138000"
ID18 = "11010519491231002X"  # the GB 11643 sample number


def rules_of(tree, **kw):
    return sorted({f.rule for f in tree.findings(**kw)})


# ---- files that are not plain files ------------------------------------------------------------

def test_symlink_to_dev_zero_is_refused_without_reading(tree):
    base(tree)
    os.symlink("/dev/zero", tree.root / "submissions/people/zero.yaml")
    started = time.perf_counter()
    found = tree.findings("layout.symlink")
    assert time.perf_counter() - started < 10
    assert [(f.file, f.line) for f in found] == [("submissions/people/zero.yaml", 0)]
    assert "符号链接" in found[0].message


def test_symlink_to_a_valid_record_and_a_symlinked_folder_are_refused(tree):
    base(tree)
    os.symlink(tree.root / "submissions/people/zhang-wei.yaml", tree.root / "submissions/people/copy.yaml")
    os.symlink(tree.root / "submissions/programs/p", tree.root / "submissions/programs/q")
    found = tree.findings("layout.symlink")
    assert [f.file for f in found] == ["submissions/people/copy.yaml", "submissions/programs/q"]
    reg_ids = {f.record for f in tree.findings()}
    assert "copy" not in reg_ids  # the link's target was never loaded as a record


def test_fifo_does_not_hang_the_checker(tree):
    base(tree)
    os.mkfifo(tree.root / "submissions/people/pipe.yaml")
    found = tree.findings("layout.special-file")
    assert [f.file for f in found] == ["submissions/people/pipe.yaml"]


def test_huge_file_is_refused_while_reading(tree):
    base(tree)
    big = tree.root / "submissions/people/big.yaml"
    with open(big, "wb") as fh:  # sparse: 4 GiB on paper, nothing on disk
        fh.truncate(4 << 30)
    [f] = tree.findings("yaml.too-large")
    assert f.file == "submissions/people/big.yaml" and "64 KiB" in f.message


def test_file_at_the_size_limit_is_read_and_one_byte_over_is_not(tree):
    base(tree)
    text = PERSON.lstrip("\n") + "bio: \""
    filler = 64 * 1024 - len(text.encode()) - 2
    tree.write("people/edge.yaml", text + "x" * filler + "\"\n")
    assert (tree.root / "submissions/people/edge.yaml").stat().st_size == 64 * 1024
    # read: bio is too long for the model (and, judged without it, edge is the same person as p1)
    assert "schema" in rules_of(tree, record="edge") and "yaml.too-large" not in rules_of(tree)
    tree.write("people/edge.yaml", text + "x" * (filler + 1) + "\"\n")
    assert "yaml.too-large" in rules_of(tree)


def test_non_utf8_file_name_is_a_printable_finding(tree, capsys):
    base(tree)
    (tree.root / "submissions/people").joinpath(os.fsdecode(b"bad\xff.yaml")).write_text(PERSON, encoding="utf-8")
    for fmt in ("text", "json", "github", "markdown"):
        assert main(["check", "--root", str(tree.root), "--as-of", "2026-11-22", "--format", fmt]) == 1
        out = capsys.readouterr().out
        assert "xff.yaml" in out and "layout.unknown-path" in out
    capsys.readouterr()


def test_file_name_with_hidden_characters_is_refused(tree):
    base(tree)
    tree.write("people/zhang\u202ewei.yaml", PERSON)
    [f] = tree.findings("layout.unknown-path")
    assert "\\u202e" in f.file and "\u202e" not in f.file


# ---- values that used to crash -----------------------------------------------------------------

def test_decision_kind_given_as_a_list(tree):
    base(tree)
    tree.write("programs/p/decisions/x.yaml", "kind: [notice]\ndate: 2025-01-01\n")
    [f] = tree.findings("schema")
    assert (f.line, f.record) == (1, "x") and "决定类型" in f.message


@pytest.mark.parametrize("day,ok", [("2100-12-31", True), ("2101-01-01", False), ("9999-12-31", False),
                                    ("1900-01-01", True), ("1899-12-31", False)])
def test_dates_outside_the_supported_range(tree, day, ok):
    base(tree)
    tree.write("programs/p/decisions/n.yaml", f"""
        kind: notice
        date: {day}
        title: 公示
        applications: [a]
    """)
    schema = [f for f in tree.findings("schema") if f.record == "n"]
    assert (schema == []) is ok
    if not ok:
        assert schema[0].line == 2 and "1900-01-01 至 2100-12-31" in schema[0].message


def test_holiday_spanning_millennia_is_a_finding_and_fast(tree):
    base(tree)
    tree.write("calendar/2025.yaml", """
        year: 2025
        source: 测试
        holidays:
          - name: 春节
            start: 1900-01-01
            end: 2100-12-31
    """)
    started = time.perf_counter()
    found = [f for f in tree.findings("schema") if f.file.endswith("2025.yaml")]
    assert time.perf_counter() - started < 5
    assert found and "31 天" in found[0].message


def test_holiday_of_new_year_may_start_in_the_year_before(tree):
    base(tree)
    tree.write("calendar/2024.yaml", """
        year: 2024
        source: 测试
        holidays:
          - name: 元旦
            start: 2023-12-30
            end: 2024-01-01
    """)
    assert [f for f in tree.findings("schema") if "2024" in f.file] == []


def test_agreement_ending_at_the_range_limit_is_checked_without_error(tree):
    base(tree)
    tree.write("programs/p/agreements/g.yaml", """
        person: zhang-wei
        enterprise: ent
        signed: 2025-01-01
        start: 2025-01-01
        end: 2100-12-31
        match_method: 自主申请
        parties: [jju, ent, zhang-wei]
    """)
    assert [f for f in tree.findings() if f.rule == "schema"] == []


# ---- personal data, however it is written -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "电话１３８００１３８０００", "138 0013 8000 每周三", "1 3 8 0 0 1 3 8 0 0 0", "138.0013.8000",
    "+86-138-0013-8000", "2021 2022 13800138000 5 次",
])
def test_mobile_spellings(tree, text):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + f"bio: \"{text}\"\n")
    found = tree.findings("privacy.mobile")
    assert len(found) == 1 and "138****8000" in found[0].message


@pytest.mark.parametrize("text", ["年份 2021 2022 2023", "座机 0792-8225304", "专利 ZL 2021 1 0012345.6", "12800138000"])
def test_numbers_that_are_not_mobiles(tree, text):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + f"bio: \"{text}\"\n")
    assert tree.findings("privacy.mobile") == []


@pytest.mark.parametrize("text,rule", [
    ("身份证 110105 19491231 002X", "privacy.id-number"),
    ("旧身份证 110105491231002", "privacy.id-number"),
    ("邮箱 zhang＠example．com", "privacy.email"),
])
def test_id_and_email_spellings(tree, text, rule):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + f"bio: \"{text}\"\n")
    assert [f.rule for f in tree.findings() if f.rule.startswith("privacy.")] == [rule]


def test_fifteen_digits_that_are_no_birth_date_are_not_an_id(tree):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI + "bio: \"订单 110105491331002\"\n")
    assert tree.findings("privacy.id-number") == []


def test_every_message_masks_what_it_echoes(tree, capsys):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI.replace("gender: 男", f"gender: \"{MOBILE}\"")
               .replace("unit: jju", f"unit: jju-{MOBILE}") + f"{MOBILE}: x\n")
    tree.write("enterprises/e2.yaml", ENTERPRISE.replace("91360400MA35A1B2C2", ID18))
    tree.write(f"people/wang-{MOBILE}.yaml", PERSON)
    assert main(["check", "--root", str(tree.root), "--as-of", "2026-11-22", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert MOBILE not in out and ID18 not in out
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"schema", "ref.unknown", "enterprise.uscc", "privacy.mobile"} <= rules
    assert "138****8000" in out and "110***********002X" in out


def test_redact_leaves_ordinary_text_alone():
    text = "2025-05-12 服务 3 次，合同额 92 亿元，电话 0792-8225304"
    assert redact(text) == text


# ---- the site and the pull-request comment -----------------------------------------------------

def test_build_withholds_a_record_with_errors_and_names_it(example, capsys):
    from .sitekit import site_tree

    site_tree(example.root)
    example.write(f"{JJ}/decisions/bad.yaml", """
        kind: approval
        date: 2026-01-01
        notice: no-such-notice
        applications:
          - application: nobody
    """)
    assert main(["build", "--root", str(example.root), "--as-of", "2026-11-22",
                 "--out", str(example.root / "out")]) == 0
    err = capsys.readouterr().err
    assert "本次发布不含这些记录" in err and "no-such-notice" in err and "bad.yaml" in err and "Traceback" not in err
    assert (example.root / "out/index.html").exists()
    assert "nobody" not in "".join(p.read_text(encoding="utf-8") for p in (example.root / "out").rglob("*.html"))


def test_only_unsafe_findings_keep_a_record_off_the_site():
    from techserve.findings import Finding

    schema = Finding("a.yaml", 1, 1, "error", "schema", "x")
    mobile = Finding("a.yaml", 2, 1, "error", "privacy.mobile", "x")
    ref = Finding("a.yaml", 2, 1, "error", "ref.unknown", "x")
    warning = Finding("a.yaml", 3, 1, "warning", "team.size", "x")
    overdue = Finding("b.yaml", 3, 1, "error", "assessment.yearly", "x")  # an obligation: the site publishes
    assert refusal([schema, mobile, ref, warning, overdue]) == [schema, mobile, ref]
    assert refusal([warning, overdue]) == []


def _report(message, file="submissions/people/a.yaml"):
    return json.dumps({"findings": [{"file": file, "line": 3, "column": 1, "severity": "error", "rule": "schema",
                                     "message": message, "clause": "", "record": "a"}],
                       "summary": {"files": 1, "errors": 1, "warnings": 0}}).encode()


def test_comment_makes_applicant_text_inert():
    body = render_comment(_report("![x](https://evil.example/p.png) [点我](javascript:alert(1)) @octocat "
                                  "<img src=x onerror=alert(1)> #1 | 完"))
    assert "![" not in body and "](" not in body and "<img" not in body
    assert "@octocat" not in body and "＠octocat" in body and "https://" not in body and " #1" not in body
    assert body.count("\n| ") == 2  # the header and one row: the pipe did not split the table


@pytest.mark.parametrize("raw", [b"{", b"[]", b'{"findings": [], "summary": {"files": -1, "errors": 0, "warnings": 0}}',
                                 _report("x").replace(b'"schema"', b'"sch ema"'), b"\xff\xfe", b"[" * 100_000])
def test_comment_refuses_a_malformed_report(raw):
    with pytest.raises(BadReport):
        render_comment(raw)


def test_comment_command_exit_codes(tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(_report(f"手机 {MOBILE}"))
    bad.write_bytes(b"not json")
    assert main(["comment", str(good)]) == 0
    out = capsys.readouterr().out
    assert MOBILE not in out and "138\\*\\*\\*\\*8000" in out  # masked again on the way in
    assert main(["comment", str(bad)]) == 2


# ---- the change check, attacked through git ----------------------------------------------------

@pytest.fixture
def repo(example):
    return Repo(example)


def test_decision_replaced_by_a_symlink_is_an_edit(repo):
    path = repo.root / f"submissions/{JJ}/decisions/2025-gongshi.yaml"
    path.unlink()
    os.symlink("2026-gongshi-1.yaml", path)
    repo.commit("typechange")
    rules = {f.rule for f in repo.findings()}
    assert {"workflow.decision-immutable", "layout.symlink"} <= rules


def test_approved_application_replaced_by_a_symlink_is_frozen(repo):
    path = repo.root / f"submissions/{JJ}/applications/whu-cailiao-huaxue-2026.yaml"
    path.unlink()
    os.symlink("/dev/zero", path)
    repo.commit("typechange")
    found = repo.findings()
    assert {"workflow.frozen", "layout.symlink"} <= {f.rule for f in found}


def test_non_utf8_file_name_under_base(repo):
    (repo.root / "submissions/people").joinpath(os.fsdecode(b"x\xfe.yaml")).write_text(PERSON, encoding="utf-8")
    repo.commit("odd name")
    found = repo.findings()
    assert any(f.rule == "layout.unknown-path" and "\\xfe" in f.file for f in found)


def test_evil_merge_commit_is_scanned(repo):
    repo.git("checkout", "-q", "-b", "side", "base")
    repo.write("people/side-a.yaml", PERSON)
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.write("people/main-b.yaml", PERSON)
    repo.commit("main")
    repo.git("merge", "-q", "--no-commit", "side")
    need = repo.root / "submissions/people/side-a.yaml"
    need.write_text(PERSON + f"bio: 联系 {MOBILE}\n", encoding="utf-8")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "merge with something extra")
    need.write_text(PERSON, encoding="utf-8")
    repo.commit("hide it again")
    found = [f for f in repo.findings() if f.rule == "privacy.mobile"]
    assert len(found) == 1 and "历史" in found[0].message and MOBILE not in found[0].message


def test_code_and_data_in_one_change_is_mixed(repo):
    repo.write("people/new-person.yaml", PERSON)
    rules_py = repo.root / "scripts/techserve/rules/library/team.py"
    rules_py.parent.mkdir(parents=True, exist_ok=True)
    rules_py.write_text("# loosened\n", encoding="utf-8")
    repo.commit()
    found = repo.findings("workflow.mixed-change")
    assert found and "scripts/techserve/rules/library/team.py" in found[0].message


def test_data_with_its_generated_codeowners_is_not_mixed(repo):
    repo.write("people/new-person.yaml", PERSON)
    (repo.root / ".github").mkdir(exist_ok=True)
    (repo.root / ".github/CODEOWNERS").write_text("* @x\n", encoding="utf-8")
    repo.commit()
    assert repo.findings("workflow.mixed-change") == []


def test_new_evidence_is_named_for_the_reviewer(repo):
    (repo.root / f"submissions/{JJ}/evidence").mkdir(exist_ok=True)
    (repo.root / f"submissions/{JJ}/evidence/photo-1.jpg").write_bytes(b"\xff\xd8\xff")
    repo.commit()
    found = repo.findings("privacy.evidence-review")
    assert [(f.file, f.severity) for f in found] == [(f"submissions/{JJ}/evidence/photo-1.jpg", "info")]


@pytest.mark.parametrize("name", ["index", "index-2", "index-10"])
def test_ids_the_site_uses_for_its_index_pages_are_reserved(tree, name):
    """A notice, team or program named `index` silently got no page."""
    from .snippets import PERSON, base

    base(tree)
    tree.write(f"people/{name}.yaml", PERSON)
    found = [f for f in tree.findings() if f.rule == "id.format" and f.record == name]
    assert found and "保留" in found[0].message
    tree.remove(f"people/{name}.yaml")
    tree.write("people/index-x.yaml", PERSON)  # not a page name: accepted
    assert not [f for f in tree.findings() if f.rule == "id.format"]


def test_build_never_empties_a_folder_that_is_not_a_site(example, tmp_path, capsys):
    """`build --out submissions` deleted the registry: MkDocs empties its site folder first."""
    from .sitekit import site_tree

    site_tree(example.root)
    before = sorted((example.root / "submissions").rglob("*"))
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("不能删\n", encoding="utf-8")
    for out in (example.root / "submissions", example.root, example.root / "submissions/people", keep):
        assert main(["build", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(out)]) == 2
        assert "不能输出到" in capsys.readouterr().err
    assert sorted((example.root / "submissions").rglob("*")) == before
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "不能删\n"
    site = tmp_path / "built"
    for _ in range(2):  # a previous output may be rebuilt in place
        assert main(["build", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(site)]) == 0
    assert (site / "index.html").is_file()


# ---- issue 38: numbers, feeds, sheet titles ---------------------------------------------------

@pytest.mark.parametrize("value", ["1e999", "-1e999", "nan", "inf", ".inf"])
def test_a_number_that_is_not_finite_is_a_schema_error(value):
    from techserve.models import validate

    _, problems = validate("decision", {"kind": "progress", "date": "2025-01-01", "values": [{"target": "x", "value": value}],
                                        "tasks": []})
    assert any("有限" in message or "数字" in message for _, _, message in problems), problems


def test_an_rss_description_is_text_in_every_reader():
    from techserve.pages.render import rss_text

    out = rss_text('恒晟<img src="x" onerror="alert(1)"><a href="http://x">企业</a>')
    assert "<" not in out and "&lt;" not in out.replace("&amp;lt;", "")  # escaped twice: text after the XML is read
    import html
    from xml.dom.minidom import parseString
    once = parseString(f"<d>{out}</d>").documentElement.firstChild.data  # what a reader gets from the XML
    assert "<img" not in once and html.unescape(once).startswith("恒晟<img")  # shown as text, not an element


@pytest.mark.parametrize("name", ["南昌/大学", "a:b", "[x]", "x?*", "'quoted'", "", "长" * 40])
def test_a_sheet_title_excel_accepts(name):
    from openpyxl import Workbook

    from techserve.pages.workbook import sheet_title

    wb = Workbook()
    title = sheet_title(name, wb.sheetnames)
    wb.create_sheet(title)  # openpyxl raises on what Excel refuses
    assert 1 <= len(title) <= 31 and not any(c in title for c in "\\/?*[]:")
