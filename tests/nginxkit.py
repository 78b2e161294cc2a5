"""The built site served by Debian's nginx with the shipped configuration (techserve nginx), on
loopback, for the browser tests: the headers, compression and policy tested are the ones
citizens get."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from techserve.site.nginx import server_block

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path, work: Path, workers_as: str | None = None):
    """Yield the base URL of `site` served by nginx with techserve's server block; `workers_as`
    runs its workers as that user (e.g. "nobody nogroup", as a server's web user)."""
    assert Path(NGINX).exists(), "nginx is missing: make nginx installs Debian's nginx-light"
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    for d in ("logs", "tmp"):
        (work / d).mkdir(exist_ok=True)
    user = (f"user {workers_as};\n" if workers_as else
            "user root;\n" if os.geteuid() == 0 else "")  # as root, workers may read the test's own tmp files
    (work / "nginx.conf").write_text(f"""{user}daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    sendfile on;
{server_block(site, root=str(site), listen=f"127.0.0.1:{port}")}
}}
""", encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            if proc.poll() is not None:
                raise AssertionError(f"nginx did not start: {proc.stderr.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
