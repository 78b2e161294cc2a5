"""The GitLab intake job against a stand-in for GitLab's REST API: a filled description template
becomes a branch, one commit and one merge request; a second run posts nothing new; an edit
updates the branch (dropping a file it no longer makes); a closed issue closes its merge request;
a wrong name gets a reply and no branch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from techserve.cli import main

from .conftest import REPO

PREFIX = "/api/v4/projects/group%2Fregistry"


class GitLab(BaseHTTPRequestHandler):
    root: Path
    issues: list[dict] = []
    notes: dict[int, list[dict]] = {}
    branches: dict[str, dict[str, str]] = {}
    mrs: list[dict] = []

    def log_message(self, *args):
        pass

    def _send(self, code: int, payload) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, method: str) -> None:
        assert self.headers["PRIVATE-TOKEN"] == "t0ken"
        url = urlparse(self.path)
        assert url.path.startswith(PREFIX), url.path
        path, q = url.path[len(PREFIX):], {k: v[0] for k, v in parse_qs(url.query).items()}
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        cls = GitLab
        if method == "GET" and path == "/issues":
            return self._send(200, cls.issues)
        if path.startswith("/issues/") and path.endswith("/notes"):
            iid = int(path.split("/")[2])
            if method == "POST":
                cls.notes.setdefault(iid, []).append(body)
                return self._send(201, body)
            return self._send(200, list(reversed(cls.notes.get(iid, []))))
        if method == "GET" and path.startswith("/repository/files/"):
            file = unquote(path[len("/repository/files/"):])
            ref = q["ref"]
            found = (cls.root / file).is_file() if ref == "main" else file in cls.branches.get(ref, {})
            return self._send(200 if found else 404, {})
        if method == "POST" and path == "/repository/branches":
            if body["branch"] in cls.branches:
                return self._send(400, {"message": "Branch already exists"})
            cls.branches[body["branch"]] = {}
            return self._send(201, {})
        if method == "GET" and path == "/repository/compare":
            return self._send(200, {"diffs": [{"new_path": p, "new_file": True} for p in cls.branches[q["to"]]]})
        if method == "POST" and path == "/repository/commits":
            files = cls.branches[body["branch"]]
            for a in body["actions"]:
                if a["action"] == "delete":
                    files.pop(a["file_path"])
                else:
                    assert (a["action"] == "update") == (a["file_path"] in files)
                    files[a["file_path"]] = a["content"]
            return self._send(201, {})
        if path == "/merge_requests":
            if method == "POST":
                cls.mrs.append({**body, "iid": len(cls.mrs) + 1, "state": "opened"})
                return self._send(201, cls.mrs[-1])
            return self._send(200, [m for m in cls.mrs if m["source_branch"] == q["source_branch"]
                                    and m["state"] == q["state"]])
        if method == "PUT" and path.startswith("/merge_requests/"):
            mr = cls.mrs[int(path.split("/")[2]) - 1]
            mr["state"] = "closed" if body["state_event"] == "close" else mr["state"]
            return self._send(200, mr)
        return self._send(404, {"message": f"{method} {path}"})

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_PUT(self):
        self._route("PUT")


def filled(root: Path, answers: dict[str, str]) -> str:
    template = (root / ".gitlab/issue_templates/application-jiujiang-kjfwt-2025.md").read_text(encoding="utf-8")
    out = []
    for line in template.splitlines():
        out.append(line)
        if line.startswith("### ") and line[4:] in answers:
            out.append(answers[line[4:]])
    return "\n".join(out).replace("- [ ] 本团队已阅读", "- [x] 本团队已阅读")


ANSWERS = {"团队名称": "九江学院新型储能科技服务团", "团长": "徐敏（西安交通大学）",
           "团队成员": "马军（西安交通大学）\n胡燕（西安交通大学）\n王芳（九江学院）",
           "尚未登记的人员": "王芳，女，1988-05，博士，副教授，副高，九江学院，2016-07，新材料、表面处理",
           "推荐单位": "九江学院", "服务领域": "电力电子",
           "预研项目类别": "产业共性关键技术研发项目", "预研项目名称": "储能变流器可靠性提升"}


def test_gitlab_intake_keeps_issue_branch_and_merge_request_in_step(example):
    assert main(["forms", "--root", str(example.root), "--as-of", "2026-06-01"]) == 0
    template = (example.root / ".gitlab/issue_templates/application-jiujiang-kjfwt-2025.md").read_text(encoding="utf-8")
    assert template.rstrip().endswith('/label ~techserve ~"form:application"')
    GitLab.root, GitLab.issues, GitLab.notes, GitLab.branches, GitLab.mrs = example.root, [], {}, {}, []
    server = HTTPServer(("127.0.0.1", 0), GitLab)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
           "CI_PROJECT_ID": "group/registry", "CI_DEFAULT_BRANCH": "main", "TECHSERVE_INTAKE_TOKEN": "t0ken",
           "TECHSERVE_ROOT": str(example.root), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}

    def run() -> str:
        proc = subprocess.run([sys.executable, str(REPO / "scripts/gitlab_intake.py")], env=env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    issue = {"iid": 1, "state": "opened", "labels": ["techserve", "form:application"],
             "created_at": "2026-06-01T02:00:00Z", "description": filled(example.root, ANSWERS)}
    GitLab.issues = [issue]
    try:
        assert "#1 → !1" in run()
        branch = GitLab.branches["intake/issue-1"]
        assert sorted(branch) == ["submissions/people/wang-fang-jju.yaml",
                                  "submissions/programs/jiujiang-kjfwt-2025/applications/"
                                  "jiu-jiang-xue-yuan-xin-xing-chu-neng-ke-ji-fu-wu-tuan.yaml"]
        assert GitLab.mrs[0]["description"].endswith("Closes #1") and GitLab.mrs[0]["target_branch"] == "main"
        assert len(GitLab.notes[1]) == 1 and "已生成合并请求 !1" in GitLab.notes[1][0]["body"]
        # nothing written into the checkout stays there
        assert not (example.root / "submissions/people/wang-fang-jju.yaml").exists()
        # the same version again: nothing new is posted
        assert "已处理过" in run() and len(GitLab.notes[1]) == 1
        # an edit: 王芳 is no longer on the team, so her file leaves the branch
        issue["description"] = filled(example.root, {**ANSWERS, "团队成员": "马军（西安交通大学）\n胡燕（西安交通大学）",
                                                     "尚未登记的人员": ""})
        assert "#1 → !1" in run()
        assert sorted(GitLab.branches["intake/issue-1"]) == [
            "submissions/programs/jiujiang-kjfwt-2025/applications/jiu-jiang-xue-yuan-xin-xing-chu-neng-ke-ji-fu-wu-tuan.yaml"]
        assert len(GitLab.mrs) == 1
        # a wrong name: a reply listing what to write, no branch
        GitLab.issues = [{"iid": 2, "state": "opened", "labels": ["techserve", "form:application"],
                          "created_at": "2026-06-01T02:00:00Z",
                          "description": filled(example.root, {**ANSWERS, "团长": "徐明（西安交通大学）", "尚未登记的人员": "",
                                                               "团队成员": "马军（西安交通大学）"})}]
        assert "#2 有问题" in run()
        assert "没有登记“徐明（西安交通大学）”" in GitLab.notes[2][0]["body"] and "intake/issue-2" not in GitLab.branches
        # closing the issue closes its merge request
        GitLab.issues = [dict(issue, state="closed")]
        assert "关闭了 1 个合并请求" in run() and GitLab.mrs[0]["state"] == "closed"
    finally:
        server.shutdown()


def test_without_a_token_the_job_changes_nothing():
    env = {k: v for k, v in os.environ.items() if k != "TECHSERVE_INTAKE_TOKEN"}
    proc = subprocess.run([sys.executable, str(REPO / "scripts/gitlab_intake.py")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "什么也不改" in proc.stdout
