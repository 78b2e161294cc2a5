"""A year in the life of the shipped registry, on a real git repository whose commits carry the
simulated days (registry.published reads them): applicants open a pull request every other week,
the office records services, is late with its yearly assessment and merges a notice three days
after its date, a program.yaml edit adds a rule that old records break, and two pull requests
that pass alone collide in the merge queue.

Every day: each notice on main counts no objection day before main had it, and shows the state
its days give. At each pull request: a clean change passes, whatever main owes. At each month
end: the site's pages generate, nothing withheld, and every overdue assessment the check
reports is on the worklist.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta

from techserve.checker import check
from techserve.office.todo import todo
from techserve.pages import generate
from techserve.pages.withhold import publishable
from techserve.registry import load_registry
from techserve.registry.status import derive, notice_start

from .test_baseline import DOCTOR
from .test_workflow import JJ

START, END = date(2026, 12, 1), date(2027, 11, 30)
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
AGREEMENTS = ("hust-hengsheng-2025", "jju-ruifeng-2025")


class Sim:
    def __init__(self, root):
        self.root = root
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "office@example.invalid")
        self.git("config", "user.name", "Office")
        self.commit("registry as imported", date(2026, 11, 30))
        self.n = 0

    def git(self, *args, day: date | None = None):
        env = dict(os.environ)
        if day is not None:
            stamp = f"{day.isoformat()}T12:00:00+08:00"
            env.update(GIT_COMMITTER_DATE=stamp, GIT_AUTHOR_DATE=stamp)
        return subprocess.run(["git", "-C", str(self.root), *args], check=True, capture_output=True, text=True, env=env)

    def write(self, rel: str, text: str) -> None:
        path = self.root / "submissions" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, day: date) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, day=day)

    def pull_request(self, name: str, day: date, files: dict[str, str]) -> None:
        self.git("checkout", "-q", "-b", name, "main")
        for rel, text in files.items():
            self.write(rel, text)
        self.commit(name, day)
        self.git("checkout", "-q", "main")

    def judge(self, branch: str, day: date):
        self.git("checkout", "-q", branch)
        try:
            return check(self.root, day, base="main")
        finally:
            self.git("checkout", "-q", "main")

    def merge(self, branch: str, day: date) -> None:
        self.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch, day=day)

    def person(self) -> tuple[str, str]:
        self.n += 1
        surname = SURNAMES[self.n % len(SURNAMES)]
        pid = f"sim-{self.n}-ncu"
        return f"people/{pid}.yaml", (f"name: {surname}{'明华'[self.n % 2]}{'一二三四五六七八九十'[self.n % 10]}\n"
                                      f"gender: {'男女'[self.n % 2]}\nbirth: 19{80 + self.n % 15}-0{1 + self.n % 9}\n"
                                      "degree: 硕士\ntitle: 讲师\ntitle_level: 中级\nunit: ncu\n"
                                      f"employed_since: 2015-0{1 + self.n % 9}\nfields:\n- 食品工程\n")


def _services(sim: Sim, month_start: date) -> None:
    """Two visits a month on each running agreement, recorded on the 20th."""
    for agreement in AGREEMENTS:
        for dd in (3, 17):
            day = month_start.replace(day=dd)
            if day <= date(2027, 7, 9):
                sim.write(f"{JJ}/services/{agreement}-{day:%Y%m%d}.yaml",
                          f"agreement: {agreement}\ndate: {day}\npeople:\n- "
                          f"{'li-ming-hust' if agreement.startswith('hust') else 'chen-jing-jju'}\n"
                          f"content: 入企服务（{day.month}月）\n")
    sim.commit(f"services {month_start:%Y-%m}", month_start.replace(day=20))


def _notices_count_from_publication(reg, day: date) -> None:
    book = derive(reg, day)
    for e in reg.valid("decision", of=("notice",)):
        start = notice_start(reg, e, day)
        public = (reg.published or {}).get(e.file)
        prog = reg.model("program", e.program)
        if e.model.date > prog.notice.imported_until:
            assert public is not None and start >= public, (day, e.id)
        end = book.notice_end.get(e.id)
        if end is not None and e.model.date <= day:
            for app in e.model.applications:
                state = book.of(app)
                if day <= end and state in ("in_notice", "notice_ended"):
                    assert state == "in_notice", (day, e.id, app)


def test_a_year_in_the_life(example):
    sim = Sim(example.root)
    # the collision's base: a 博士 with her first team (test_baseline's case)
    sim.write("people/meng-jie-nwpu.yaml", DOCTOR.replace("\n    ", "\n").strip() + "\n")
    team = (example.root / "submissions" / JJ / "applications" / "nwpu-fuhe-cailiao-2026.yaml").read_text(encoding="utf-8")
    sim.write(f"{JJ}/applications/nwpu-meng-1-2026.yaml",
              team.replace("lin-na-nwpu", "meng-jie-nwpu").replace("西北工业大学复合材料科技服务团", "复合材料第一服务团"))
    sim.commit("her first team", date(2026, 11, 30))
    day, passed, standing_days, collided = START, 0, 0, False
    while day <= END:
        if day.day == 1:
            _services(sim, day) if day <= date(2027, 7, 1) else None
        if day == date(2027, 1, 18):  # the 2026 assessment, eighteen days late
            sim.write(f"{JJ}/decisions/2026-niandu-kaohe.yaml", "kind: assessment\ndate: 2027-01-18\nyear: 2026\nresults:\n"
                      + "".join(f"- application: {a}\n  outcome: pass\n  grade: 合格\n  score: 80\n"
                                for a in ("hust-zhineng-zhizao-2025", "jju-xincailiao-2025")))
            sim.commit("assessment 2026", day)
        if day == date(2027, 3, 4):  # a notice dated 03-01 reaches main three days late
            sim.write(f"{JJ}/decisions/2027-gongshi-1.yaml", "kind: notice\ndate: 2027-03-01\n"
                      "title: 九江市科技服务团拟入选名单公示\napplications:\n- shu-yejin-2025\n")
            sim.commit("notice", day)
        if day == date(2027, 6, 1):  # a program.yaml edit adds a rule the old agreements break
            path = example.root / "submissions" / JJ / "program.yaml"
            path.write_text(path.read_text(encoding="utf-8").replace(
                "\nrules:\n", "\nrules:\n- rule: agreement.min-duration\n  severity: error\n"
                "  clause: 本项目规定 协议服务期不少于3年（模拟）\n  params:\n    min_months: 36\n", 1), encoding="utf-8")
            sim.commit("program: a stricter rule", day)
        if day.weekday() == 0 and (day - START).days % 14 < 7:  # every other Monday, an applicant
            rel, text = sim.person()
            sim.pull_request(f"pr-{sim.n}", day, {rel: text})
            report = sim.judge(f"pr-{sim.n}", day)
            assert report.errors == 0, (day, [f.message for f in report.findings if f.severity == "error"])
            standing_days += bool([f for f in report.standing if f.severity == "error"])
            sim.merge(f"pr-{sim.n}", day)
            passed += 1
        if day == date(2027, 4, 12) and not collided:  # two teams for her, each fine alone
            for branch, n in (("team-a", "二"), ("team-b", "三")):
                sim.pull_request(branch, day, {f"{JJ}/applications/nwpu-meng-{branch}-2026.yaml":
                                               team.replace("lin-na-nwpu", "meng-jie-nwpu")
                                               .replace("西北工业大学复合材料科技服务团", f"复合材料第{n}服务团")})
                assert sim.judge(branch, day).errors == 0
            sim.merge("team-a", day)
            # the queue checks team-b as it would be merged: on main with team-a
            sim.git("checkout", "-q", "-b", "queue", "main")
            sim.git("merge", "-q", "--no-edit", "team-b", day=day)
            sim.git("checkout", "-q", "main")
            queued = sim.judge("queue", day)
            assert any(f.rule == "person.max-teams" for f in queued.findings if f.severity == "error")
            collided = True  # team-b is not merged
        reg = load_registry(example.root)
        _notices_count_from_publication(reg, day)
        if day == date(2027, 3, 8):
            assert derive(reg, day).of("shu-yejin-2025") == "in_notice"  # counted from 03-04, not 03-01
        if day == date(2027, 3, 9):
            assert derive(reg, day).of("shu-yejin-2025") == "notice_ended"
        if day == date(2027, 1, 4):  # the office has not recorded 2026's assessment yet
            report = check(example.root, day)
            overdue = {f.record for f in report.findings if f.rule == "assessment.yearly"}
            assert overdue == {"hust-zhineng-zhizao-2025", "jju-xincailiao-2025"}
            assert overdue <= {r for i in todo(report.registry, day) if i.kind == "assessment" for r in i.records}
            assert "index.md" in generate(publishable(report.registry, report.findings)[0], day, beside=False)
        if day == date(2027, 6, 30):  # the stricter rule stands on main; applicants still pass
            assert any(f.rule == "agreement.min-duration" for f in check(example.root, day).findings)
        if (day + timedelta(days=1)).day == 1:  # month end: the site, and the worklist
            report = check(example.root, day)
            view, withheld = publishable(report.registry, report.findings)
            assert withheld == []
            pages = generate(view, day, beside=False)
            assert "index.md" in pages
            overdue = {f.record for f in report.findings if f.rule == "assessment.yearly" and "没有" in f.message}
            listed = {r for i in todo(report.registry, day) if i.kind == "assessment" for r in i.records}
            assert overdue <= listed, (day, overdue - listed)
        day += timedelta(days=1)
    assert passed >= 26 and collided
    assert standing_days >= 2  # January's missing assessment, then the late one and the new rule, stood on main
