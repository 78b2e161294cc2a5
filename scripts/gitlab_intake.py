#!/usr/bin/env python3
"""Issue forms → merge requests on GitLab (the `intake` job), as intake.yml does on GitHub.

    python scripts/gitlab_intake.py

Run on a schedule (every 10 minutes, say) or by a pipeline trigger from an issue webhook. For
each issue labelled `techserve` updated since TECHSERVE_INTAKE_SINCE (ISO time; default the last
two days): an open issue is converted by `techserve from-issue --format gitlab --json`; its files
go to branch intake/issue-<iid> in one commit (files an edit no longer makes are deleted there),
with one merge request that closes the issue; the reply (the check, rendered like the merge
request comment, or what to fix) is posted once per version of the issue. A closed issue closes
its merge request.

Reads CI_API_V4_URL, CI_PROJECT_ID, CI_DEFAULT_BRANCH (set by GitLab) and TECHSERVE_INTAKE_TOKEN
(a project access token with the api scope; CI_JOB_TOKEN cannot write issues or branches).
Without a token it converts and prints, and changes nothing. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

CHINA = timezone(timedelta(hours=8))
ROOT = Path(__file__).resolve().parent.parent


class Api:
    def __init__(self, url: str, token: str, project: str):
        self.url, self.token = url.rstrip("/"), token
        self.base = f"/projects/{urllib.parse.quote(project, safe='')}"

    def __call__(self, method: str, path: str, data: dict | None = None, query: dict | None = None):
        url = f"{self.url}{self.base}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        body = json.dumps(data).encode("utf-8") if data is not None else None
        req = urllib.request.Request(url, data=body, method=method,
                                     headers={"PRIVATE-TOKEN": self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 (the CI's own API)
            return json.loads(resp.read().decode("utf-8") or "null")

    def exists(self, path: str, ref: str) -> bool:
        try:
            self("GET", f"/repository/files/{urllib.parse.quote(path, safe='')}", query={"ref": ref})
            return True
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return False
            raise


def convert(issue: dict, form: str, root: Path) -> dict:
    """from-issue on this checkout; the files it wrote are removed again (the API commits them)."""
    day = datetime.fromisoformat(issue["created_at"].replace("Z", "+00:00")).astimezone(CHINA).date()
    with tempfile.NamedTemporaryFile("w", suffix=".md", encoding="utf-8", delete=False) as f:
        f.write(issue.get("description") or "")
    try:
        proc = subprocess.run(["techserve", "from-issue", f.name, "--form", form, "--date", day.isoformat(),
                               "--format", "gitlab", "--write", "--json", "--root", str(root)],
                              capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(f.name)
    try:
        out = json.loads(proc.stdout)
    except ValueError:
        return {"ok": False, "files": [], "problems": [], "reply": "转换失败，请联系维护者：" + proc.stderr[-500:]}
    for item in out["files"]:  # written with --write only to check them; never left behind
        (root / item["path"]).unlink(missing_ok=True)
    return out


def answered(api: Api, iid: int, marker: str) -> bool:
    notes = api("GET", f"/issues/{iid}/notes", query={"per_page": 100, "sort": "desc"})
    return any(marker in (n.get("body") or "") for n in notes or [])


def handle(api: Api, issue: dict, default: str, root: Path) -> str:
    iid = issue["iid"]
    branch = f"intake/issue-{iid}"
    if issue["state"] == "closed":
        mrs = api("GET", "/merge_requests", query={"source_branch": branch, "state": "opened"})
        for mr in mrs or []:
            api("PUT", f"/merge_requests/{mr['iid']}", {"state_event": "close"})
        return f"#{iid} 已关闭：关闭了 {len(mrs or [])} 个合并请求"
    form = next((x[5:] for x in issue.get("labels", []) if x.startswith("form:")), "")
    if not form:
        return f"#{iid} 没有 form: 标签，跳过"
    out = convert(issue, form, root)
    marker = "<!-- techserve-intake " + hashlib.sha256(
        json.dumps([issue.get("description"), out["files"]], ensure_ascii=False).encode("utf-8")).hexdigest()[:16] + " -->"
    if answered(api, iid, marker):
        return f"#{iid} 这一版已处理过"
    if not out["files"]:
        api("POST", f"/issues/{iid}/notes", {"body": out["reply"] + "\n" + marker})
        return f"#{iid} 有问题，已回复"
    taken = [f["path"] for f in out["files"] if api.exists(f["path"], default)]
    if taken:
        api("POST", f"/issues/{iid}/notes", {"body": f"登记库中已有 {'、'.join(taken)}，表单只能新增记录、不能覆盖已有文件。"
                                                  f"请换一个名称，或请已有文件的提交人修改。\n{marker}"})
        return f"#{iid} 文件已存在，已回复"
    try:
        api("POST", "/repository/branches", {"branch": branch, "ref": default})
    except urllib.error.HTTPError as exc:
        if exc.code != 400:  # 400: the branch exists; bring it in step with the issue
            raise
    wanted = {f["path"] for f in out["files"]}
    diff = api("GET", "/repository/compare", query={"from": default, "to": branch})
    actions = [{"action": "delete", "file_path": d["new_path"]} for d in (diff or {}).get("diffs", [])
               if d.get("new_file") and d["new_path"] not in wanted]
    for f in out["files"]:
        actions.append({"action": "update" if api.exists(f["path"], branch) else "create",
                        "file_path": f["path"], "content": f["text"]})
    api("POST", "/repository/commits", {"branch": branch, "commit_message": f"Add files from issue #{iid}",
                                        "actions": actions})
    mrs = api("GET", "/merge_requests", query={"source_branch": branch, "state": "opened"})
    if mrs:
        mr = mrs[0]
    else:
        mr = api("POST", "/merge_requests", {
            "source_branch": branch, "target_branch": default, "remove_source_branch": True,
            "title": f"[议题 #{iid}] {out['files'][-1]['path'].split('/')[-1]}",
            "description": f"由议题 #{iid} 的表单生成。检查结果会出现在本页。\n\nCloses #{iid}"})
    body = f"已生成合并请求 !{mr['iid']}（修改议题后会自动更新）。\n\n{out['reply']}\n{marker}"
    api("POST", f"/issues/{iid}/notes", {"body": body})
    return f"#{iid} → !{mr['iid']}"


def main() -> int:
    token = os.environ.get("TECHSERVE_INTAKE_TOKEN", "")
    url, project = os.environ.get("CI_API_V4_URL", ""), os.environ.get("CI_PROJECT_ID", "")
    default = os.environ.get("CI_DEFAULT_BRANCH", "main")
    root = Path(os.environ.get("TECHSERVE_ROOT", ROOT))
    since = os.environ.get("TECHSERVE_INTAKE_SINCE") or (datetime.now(UTC) - timedelta(days=2)).isoformat()
    if not token or not url or not project:
        print("未设置 TECHSERVE_INTAKE_TOKEN（或不在 GitLab CI 中）：不读取议题，什么也不改。")
        return 0
    api = Api(url, token, project)
    issues = api("GET", "/issues", query={"labels": "techserve", "state": "all", "updated_after": since,
                                          "per_page": 100, "order_by": "updated_at", "sort": "asc"})
    for issue in issues or []:
        print(handle(api, issue, default, root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
