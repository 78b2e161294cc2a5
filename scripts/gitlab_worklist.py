#!/usr/bin/env python3
"""Create or update the GitLab issue "待办事项" with a worklist file (the GitLab `worklist` job).

    python scripts/gitlab_worklist.py worklist.md

Reads CI_API_V4_URL and CI_PROJECT_ID (set by GitLab) and TECHSERVE_TODO_TOKEN (a project access
token with the api scope). Without a token it prints the list and changes nothing. Standard
library only: it runs before anything else is trusted.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
import urllib.request

TITLE = "待办事项"
LIMIT = 1_000_000  # GitLab's description limit is 1,048,576 characters


def call(api: str, token: str, method: str, path: str, data: dict | None = None):
    body = urllib.parse.urlencode(data).encode("utf-8") if data is not None else None
    req = urllib.request.Request(f"{api}{path}", data=body, method=method, headers={"PRIVATE-TOKEN": token})
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 (the CI's own API)
        return json.loads(resp.read().decode("utf-8") or "null")


def main(argv: list[str]) -> int:
    text = open(argv[1], encoding="utf-8").read()[:LIMIT]
    token = os.environ.get("TECHSERVE_TODO_TOKEN", "")
    api, project = os.environ.get("CI_API_V4_URL", ""), os.environ.get("CI_PROJECT_ID", "")
    if not token or not api or not project:
        print("未设置 TECHSERVE_TODO_TOKEN（或不在 GitLab CI 中）：只打印待办事项，不更新议题。\n")
        print(text)
        return 0
    base = f"/projects/{urllib.parse.quote(project, safe='')}/issues"
    found = call(api, token, "GET", base + "?" + urllib.parse.urlencode({"state": "opened", "search": TITLE,
                                                                           "in": "title", "per_page": 100}))
    mine = next((i for i in found or [] if i.get("title") == TITLE), None)
    if mine is None:
        call(api, token, "POST", base, {"title": TITLE, "description": text})
        print("已新建议题“待办事项”")
    elif mine.get("description") != text:
        call(api, token, "PUT", f"{base}/{mine['iid']}", {"description": text})
        print(f"已更新议题 #{mine['iid']}")
    else:
        print("待办事项没有变化")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
