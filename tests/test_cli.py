"""The command line as SPEC §4 describes it: formats, filtering, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date

import pytest

from techserve.cli import main

from .conftest import REPO
from .snippets import LI_SI, PERSON, base

FIVE_PROBLEMS = """
name: 李四
gender: 男
birth: 1980-7
degree: 博士
title: 副教授
title_level: 正高
unit: nowhere
employed_since: 2010-09
fields:
  - 新材料
bio: 联系电话 13800138000
hobby: 钓鱼
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_format_and_exit_codes(tree, capsys):
    base(tree)
    code, out, _ = run(capsys, "check", "--root", str(tree.root), "--as-of", "2025-06-01")
    assert code == 0 and out.startswith("通过")
    tree.write("people/li-si.yaml", FIVE_PROBLEMS)
    code, out, _ = run(capsys, "check", "--root", str(tree.root), "--as-of", "2025-06-01")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1].startswith("未通过") and "5 个错误" in lines[-1]
    located = [re.match(r"^(\S+):(\d+):(\d+): (\w+) \[([\w.-]+)\] ", line).groups() for line in lines[:-1]]
    assert [(int(line), rule) for _, line, _, _, rule in located] == [
        (3, "schema"), (6, "person.title-level"), (7, "ref.unknown"), (11, "privacy.mobile"), (12, "schema")]
    assert all(path == "submissions/people/li-si.yaml" for path, *_ in located)


def test_warnings_alone_exit_zero(example, capsys):
    # a waiverless warning: an application submitted outside the window
    rel = "programs/jiujiang-kjfwt-2025/applications/hust-gongye-hulian-2025.yaml"
    text = (example.root / "submissions" / rel).read_text(encoding="utf-8")
    example.write(rel, text.replace("submitted: 2025-06-28", "submitted: 2025-07-08"))
    code, out, _ = run(capsys, "check", "--root", str(example.root), "--as-of", "2026-11-22")
    assert "[application.window]" in out
    assert code == 0 and "0 个错误" in out


def test_json_format(tree, capsys):
    base(tree)
    tree.write("people/li-si.yaml", FIVE_PROBLEMS)
    code, out, _ = run(capsys, "check", "--root", str(tree.root), "--as-of", "2025-06-01", "--format", "json")
    body = json.loads(out)
    assert code == 1
    assert body["summary"] == {"files": 6, "errors": 5, "warnings": 0}
    first = body["findings"][0]
    assert set(first) == {"file", "line", "column", "severity", "rule", "message", "clause", "record"}
    assert first["record"] == "li-si"
    assert "13800138000" not in out


def test_github_format_writes_summary(tree, capsys, tmp_path, monkeypatch):
    base(tree)
    tree.write("people/li-si.yaml", FIVE_PROBLEMS)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "check", "--root", str(tree.root), "--as-of", "2025-06-01", "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 5
    assert annotations[0].startswith("::error file=submissions/people/li-si.yaml,line=3,col=")
    text = summary.read_text(encoding="utf-8")
    assert "techserve 检查结果" in text and text.count("| 3 |") == 1


def test_markdown_escapes_applicant_text(tree, capsys):
    base(tree)
    tree.write("people/li-si.yaml", LI_SI.replace("unit: jju", "unit: x") + "foo|<script>: 1\n")
    code, out, _ = run(capsys, "check", "--root", str(tree.root), "--format", "markdown")
    assert code == 1
    assert "<script>" not in out and "&lt;script&gt;" in out and "foo\\|" in out


def test_path_filter_keeps_only_matching_files(tree, capsys):
    base(tree)
    tree.write("people/li-si.yaml", FIVE_PROBLEMS)
    tree.write("people/wang-wu.yaml", PERSON.replace("unit: jju", "unit: x"))
    code, out, _ = run(capsys, "check", "--root", str(tree.root), str(tree.root / "submissions/people/wang-wu.yaml"))
    assert code == 1 and "wang-wu.yaml" in out and "li-si.yaml" not in out


def test_usage_errors_exit_two(tree, capsys):
    assert main(["check", "--root", str(tree.root / "nope")]) == 2
    base(tree)
    try:
        main(["check", "--root", str(tree.root), "--as-of", "2025-13-01"])
    except SystemExit as exc:
        assert exc.code == 2
    assert main(["check", "--root", str(tree.root), "/elsewhere/file.yaml"]) == 2


def test_console_script_runs_on_the_examples():
    proc = subprocess.run([sys.executable, "-m", "techserve.cli", "check", "--root", str(REPO), "--as-of", "2026-11-22"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "0 个错误" in proc.stdout


def _all_text(folder) -> str:
    out = []
    for p in folder.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if p.suffix == ".xlsx":
                import zipfile
                with zipfile.ZipFile(p) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            out.append(data.decode("utf-8", "replace"))
    return "\n".join(out)


def test_export_withholds_a_record_with_personal_data(example, tmp_path, capsys):
    """Open data and workbooks are exported every day; the one record with personal data is left
    out of them (pages.withhold) and named to the office, its number never printed."""
    from techserve.cli import main as cli

    person = example.root / "submissions/people/wang-fang-hust.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "bio: 电话 13912345678\n", encoding="utf-8")
    for extra in ([], ["--xlsx"]):
        out = tmp_path / ("x" if extra else "data")
        code = cli(["export", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(out), *extra])
        err = capsys.readouterr().err
        assert code == 0 and "不含这些记录" in err and "wang-fang-hust" in err and "13912345678" not in err
        text = _all_text(out)
        assert text and "13912345678" not in text and "王芳" not in text


def test_pages_withholds_a_record_with_errors_and_publishes_the_rest(example, tmp_path, capsys):
    """`techserve pages` publishes what the site would: everything but the unsafe record."""
    person = example.root / "submissions/people/wang-fang-hust.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "bio: 电话 13912345678\n", encoding="utf-8")
    out = tmp_path / "pages"
    assert main(["pages", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(out)]) == 0
    assert "不含这些记录" in capsys.readouterr().err
    assert (out / "index.md").is_file() and (out / "notices/2026-gongshi-2.md").is_file()
    text = _all_text(out)
    assert "13912345678" not in text and "王芳" not in text
    person.write_text(person.read_text(encoding="utf-8").replace("bio: 电话 13912345678\n", ""), encoding="utf-8")
    assert main(["pages", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(out)]) == 0
    assert "王芳" in _all_text(out)


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    import errno

    from techserve import files

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError):
        files.write_atomic(tmp_path / "a.yaml", "name: x\n")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "b.yaml").write_text("old\n")
    with pytest.raises(OSError):
        files.write_atomic(tmp_path / "b.yaml", "new\n")
    assert (tmp_path / "b.yaml").read_text() == "old\n" and len(list(tmp_path.iterdir())) == 1


def test_new_on_a_full_disk_leaves_no_empty_record(example, monkeypatch, capsys):
    import errno

    from techserve import files
    from techserve.cli import main as cli

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    before = sorted((example.root / "submissions").rglob("*"))
    assert cli(["new", "person", "--name", "张伟", "--suffix", "hust", "--root", str(example.root)]) == 2
    assert sorted((example.root / "submissions").rglob("*")) == before


def test_no_reporter_prints_a_line_break_from_a_value(tree, capsys):
    """A value with a line break could start a `::add-mask::` or `::error::` workflow command."""
    from techserve.checker import check as run
    from techserve.reporters import REPORTERS

    base(tree)
    tree.write("people/li-si.yaml", LI_SI.replace("unit: jju", 'unit: "x\\n::add-mask::secret\\r\\n::error::fake\\u2028y"'))
    report = run(tree.root, date(2026, 11, 22))
    assert any("::error::fake" in f.message for f in report.findings)
    for name, reporter in REPORTERS.items():
        if name in ("json", "codequality"):
            continue
        for line in reporter(report).splitlines():
            assert not line.startswith(("::add-mask::", "::error::fake")), (name, line)


def test_forms_are_not_printed_from_a_registry_with_personal_data(example, tmp_path, capsys):
    from techserve.cli import main as cli

    person = next((example.root / "submissions/people").glob("*.yaml"))
    person.write_text(person.read_text(encoding="utf-8") + "bio: 电话 13912345678\n", encoding="utf-8")
    out = tmp_path / "forms"
    assert cli(["export", "--forms", "--root", str(example.root), "--as-of", "2026-11-22", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "个人信息" in err and "13912345678" not in err
    assert not out.exists() or not any(out.iterdir())
