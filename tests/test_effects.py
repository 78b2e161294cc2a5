"""What a merge changes, beside its findings: a pull request that adds an approval, a payment and a
notice shows each application's status before → after, the money, and the notice's last day, in
the JSON report, the Markdown summary and the comment rendered from that JSON."""

from __future__ import annotations

import json

from techserve.cli import main
from techserve.reporters.comment import render_comment

from .test_workflow import JJ, Repo

APPROVAL = """\
kind: approval
date: 2026-11-22
notice: 2026-gongshi-1
applications:
- application: nwpu-fuhe-cailiao-2026
  funding_wan: 10
"""
NOTICE = """\
kind: notice
date: 2026-11-22
title: 2026年九江市科技服务团卓越行动拟入选名单公示（第三批）
applications:
- shu-yejin-2025
"""
PAYMENT = """\
kind: payment
date: 2026-11-22
year: 2
items:
- application: hust-zhineng-zhizao-2025
  amount_wan: 10
"""


def _run(repo, tmp_path, capsys, fmt):
    capsys.readouterr()
    main(["check", "--root", str(repo.root), "--as-of", "2026-11-22", "--base", "base", "--format", fmt, "--no-cache"])
    return capsys.readouterr().out


def test_a_decision_change_shows_what_it_does(example, tmp_path, capsys):
    repo = Repo(example)
    (example.root / f"submissions/{JJ}/decisions/2026-bofu.yaml").unlink()  # year 2 not yet paid
    repo.commit("base without the second payment")
    repo.git("branch", "-f", "base")
    repo.write(f"{JJ}/decisions/2026-lixiang.yaml", APPROVAL)
    repo.write(f"{JJ}/decisions/2026-gongshi-3.yaml", NOTICE)
    repo.write(f"{JJ}/decisions/2026-bofu-2.yaml", PAYMENT)
    repo.commit()
    report = json.loads(_run(repo, tmp_path, capsys, "json"))
    effects = report["effects"]
    rows = {a["application"]: (a["before"], a["after"]) for a in effects["applications"]}
    assert rows == {"nwpu-fuhe-cailiao-2026": ("公示结束", "已立项"), "shu-yejin-2025": ("专家评审通过", "公示中")}
    money = {(m["what"], m["wan"]) for m in effects["money"]}
    assert money == {("立项核定（每年）", 10), ("拨付第 2 年资金", 10)}
    [notice] = effects["notices"]
    assert notice["end"] == "2026-11-26" and notice["id"] == "2026-gongshi-3"
    # the same, in the summary and in the comment the base branch renders from the JSON
    md = _run(repo, tmp_path, capsys, "markdown")
    raw = json.dumps(report).encode("utf-8")
    for text in (md, render_comment(raw)):
        assert "### 合并后的变化" in text and "公示结束 | **已立项**" in text
        assert "拨付第 2 年资金 | 10 |" in text and "公示期至 2026-11-26（含当日）" in text


def test_an_applicant_change_has_no_effects_section(example, tmp_path, capsys):
    repo = Repo(example)
    repo.edit("people/xu-min-xjtu.yaml", bio="研究电力电子与电机驱动。")
    repo.commit()
    assert "effects" not in json.loads(_run(repo, tmp_path, capsys, "json"))


def test_effects_from_an_untrusted_report_are_validated_and_escaped():
    bad = {"findings": [], "summary": {"files": 1, "errors": 0, "warnings": 0},
           "effects": {"applications": [{"application": "a-1", "name": "@everyone [x](https://e.example)",
                                         "before": "已提交", "after": "已立项"}]}}
    text = render_comment(json.dumps(bad).encode())
    assert "@everyone" not in text and "](https" not in text and "已立项" in text
    bad["effects"]["applications"][0]["application"] = "../../x"
    try:
        render_comment(json.dumps(bad).encode())
    except Exception as exc:  # BadReport: the pattern refuses it
        assert "格式不对" in str(exc)
    else:
        raise AssertionError("an id that is a path passed")
