"""The printable 申报表: generated from the checked record, escaped, with the open errors on it."""

from __future__ import annotations

import re

from techserve.cli import main

from .conftest import EXAMPLE_AS_OF

AS_OF = EXAMPLE_AS_OF.isoformat()


def forms(root, out, *extra) -> int:
    return main(["export", "--forms", "--root", str(root), "--as-of", AS_OF, "--out", str(out), *extra])


def test_one_form_per_application_with_members_signature_and_seal_boxes(example, tmp_path):
    assert forms(example.root, tmp_path / "f") == 0
    apps = sorted((example.root / "submissions" / "programs").glob("*/applications/*.yaml"))
    assert sorted(p.stem for p in (tmp_path / "f").glob("*.html")) == sorted(p.stem for p in apps)
    html = (tmp_path / "f" / "hust-zhineng-zhizao-2025.html").read_text(encoding="utf-8")
    assert "九江市科技服务团卓越行动<br>申报表" in html and "九才字〔2025〕3号" in html
    assert "@page { size: A4" in html
    assert html.count("（盖章）") == 2 and "团长签字" in html
    assert re.search(r"<td>1</td><td>李明</td><td>团长</td>", html)
    assert "已通过检查" in html and "本申报有" not in html
    # the content id matches git's blob id of the file, so a print can be matched to the registry
    from techserve.registry.cache import blob_id

    raw = (example.root / "submissions/programs/jiujiang-kjfwt-2025/applications/hust-zhineng-zhizao-2025.yaml")
    assert f"内容编号 {blob_id(raw.read_bytes())[:12]}" in html
    assert "<script" not in html and "http" not in html  # nothing to load when printed offline


def test_open_errors_are_printed_on_the_form_and_text_is_escaped(example, tmp_path):
    path = example.root / "submissions/programs/jiujiang-kjfwt-2025/applications/hust-zhineng-zhizao-2025.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", 'name: "<script>alert(1)</script>服务团"', text, flags=re.M)
    path.write_text(text + "bio_extra: 电话 13800138000\n", encoding="utf-8")
    assert forms(example.root, tmp_path / "e", "--program", "jiujiang-kjfwt-2025") == 1
    html = (tmp_path / "e" / "hust-zhineng-zhizao-2025.html").exists()
    assert not html  # the record no longer validates: no form for it


def test_a_valid_record_with_a_rule_error_gets_the_banner(example, tmp_path):
    path = example.root / "submissions/programs/jiujiang-kjfwt-2025/applications/hust-zhineng-zhizao-2025.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", 'name: "<script>alert(1)</script>服务团"', text, flags=re.M)
    text = text.replace("recommended_by: hust", "recommended_by: jiujiang-kexie")  # a rule error, not personal data
    path.write_text(text, encoding="utf-8")
    assert forms(example.root, tmp_path / "b", "--program", "jiujiang-kjfwt-2025") == 0
    html = (tmp_path / "b" / "hust-zhineng-zhizao-2025.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "本申报有" in html and "检查未通过" in html  # personal data refuses every form (test_cli)


def test_forms_never_go_to_the_public_site(example, capsys):
    assert forms(example.root, example.root / "public" / "forms") == 2
    assert "不能导出到网站目录" in capsys.readouterr().err


def test_a_member_missing_from_the_registry_still_gets_a_row(example, tmp_path):
    app = example.root / "submissions/programs/jiujiang-kjfwt-2025/applications/hust-zhineng-zhizao-2025.yaml"
    text = app.read_text(encoding="utf-8")
    person = re.search(r"person: (\S+)", text).group(1)
    (example.root / "submissions/people" / f"{person}.yaml").unlink()
    forms(example.root, tmp_path / "m", "--program", "jiujiang-kjfwt-2025")
    html = (tmp_path / "m" / "hust-zhineng-zhizao-2025.html").read_text(encoding="utf-8")
    # the dangling reference is an open error; the row stands in for the person, nothing invented
    assert "<td>（信息核实中）</td>" in html and "本申报有" in html
