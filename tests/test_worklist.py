"""The 待办事项 issue: the worklist's Markdown (inert record text, reviewers mentioned), the
GitHub workflow that keeps it, and the GitLab job's script against a local stand-in for its API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import yaml

from techserve.office import todo
from techserve.registry import load_registry
from techserve.reporters.worklist import worklist

from .conftest import REPO

DAY = date(2026, 12, 1)


def test_the_worklist_mentions_the_units_reviewers_and_nobody_a_record_names(example):
    path = example.root / "submissions/programs/jiujiang-kjfwt-2025/applications/hust-gongye-hulian-2025.yaml"
    text = path.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    path.write_text(text.replace(name, "name: '@everyone 团队 [点我](https://evil.example) <b>x</b>'"), encoding="utf-8")
    reg = load_registry(example.root)
    body = worklist(reg, todo(reg, DAY), DAY, mentions=True)
    assert "@everyone" not in body and "](https" not in body and "<b>" not in body
    assert "＠everyone" in body  # still readable
    unit = reg.model("unit", reg.model("application", "hust-gongye-hulian-2025").recommended_by)
    assert unit.reviewers and all(h in body for h in unit.reviewers)
    assert "`techserve draft review --program jiujiang-kjfwt-2025 --stage initial`" in body
    # without --mentions nobody is notified
    assert "@" not in worklist(reg, todo(reg, DAY), DAY, mentions=False).replace("＠", "")


def test_the_workflow_may_write_issues_and_nothing_else():
    wf = yaml.safe_load((REPO / ".github/workflows/todo.yml").read_text(encoding="utf-8"))
    job = wf["jobs"]["worklist"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert any("techserve todo --format markdown --mentions" in r for r in runs)
    script = next(s for s in job["steps"] if "uses" in s and "github-script" in s["uses"])["with"]["script"]
    assert "issues.update" in script and "issues.create" in script and "LIMIT" in script
    assert set(wf[True] if True in wf else wf["on"]) == {"push", "schedule", "workflow_dispatch"}


class _Api(BaseHTTPRequestHandler):
    issues: list = []
    calls: list = []

    def log_message(self, *args):
        pass

    def _reply(self, data):
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        assert self.headers["PRIVATE-TOKEN"] == "t0ken"
        _Api.calls.append(("GET", self.path))
        self._reply(_Api.issues)

    def _form(self):
        return {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}

    def do_POST(self):
        form = self._form()
        _Api.calls.append(("POST", urlparse(self.path).path))
        _Api.issues.append({"iid": 7, "title": form["title"], "description": form["description"]})
        self._reply(_Api.issues[-1])

    def do_PUT(self):
        form = self._form()
        _Api.calls.append(("PUT", urlparse(self.path).path))
        _Api.issues[0]["description"] = form["description"]
        self._reply(_Api.issues[0])


def test_the_gitlab_job_creates_then_updates_the_one_issue(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Api.issues, _Api.calls = [], []
    env = {**os.environ, "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
           "CI_PROJECT_ID": "group/registry", "TECHSERVE_TODO_TOKEN": "t0ken"}

    def run(text):
        f = tmp_path / "w.md"
        f.write_text(text, encoding="utf-8")
        return subprocess.run([sys.executable, str(REPO / "scripts/gitlab_worklist.py"), str(f)],
                              env=env, capture_output=True, text=True, timeout=60)

    try:
        assert "已新建" in run("# 待办事项\n- 一\n").stdout
        assert "已更新议题 #7" in run("# 待办事项\n- 二\n").stdout
        assert "没有变化" in run("# 待办事项\n- 二\n").stdout
    finally:
        server.shutdown()
    assert [c[0] for c in _Api.calls] == ["GET", "POST", "GET", "PUT", "GET"]
    assert _Api.calls[1][1] == "/api/v4/projects/group%2Fregistry/issues"
    assert _Api.issues[0]["description"] == "# 待办事项\n- 二\n"
    # without a token: printed, nothing sent
    env.pop("TECHSERVE_TODO_TOKEN")
    out = run("# 待办事项\n").stdout
    assert "只打印" in out and len(_Api.calls) == 5
