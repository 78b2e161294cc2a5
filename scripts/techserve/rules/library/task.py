"""task.*: the program's key tasks and their deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import Field

from ...registry.targets import task_due, task_progress
from .base import Hit, Params, rule


class TaskParams(Params):
    grace_days: int = Field(0, ge=0, le=366, description="完成时限之后多少天内报告完成情况")


@rule("task.deadline", TaskParams,
      title="每项重点任务在完成时限前经调度报告“已完成”",
      requirement=lambda p: f"完成时限后 {p['grace_days']} 天内报告完成" if p.get("grace_days") else "完成时限前报告完成")
def task_deadline(ctx, program, p: TaskParams) -> Iterator[Hit]:
    """Each key task (重点任务) is reported 已完成 in a progress (调度) report by its deadline
    (完成时限, a month means its last day) plus `grace_days`; 持续推进 tasks have no deadline."""
    progress = task_progress(ctx.reg, program.id, ctx.as_of)
    done_on: dict[int, date] = {}
    for _, d, _ in ctx.decisions("progress", program.id):
        if d.date <= ctx.as_of:
            for t in d.tasks:
                if t.status == "已完成":
                    done_on[t.task] = min(done_on.get(t.task, d.date), d.date)
    for i, task in enumerate(program.model.tasks):
        due = task_due(task.deadline)
        if due is None:
            continue
        due += timedelta(days=p.grace_days)
        done = done_on.get(i + 1)
        latest = progress.get(i + 1)
        where = ("tasks", i, "deadline")
        if done is not None:
            if done > due:
                yield Hit(program, where, f"第 {i + 1} 项任务“{task.title}”于 {done} 才报告完成，"
                                          f"晚于完成时限 {task.deadline}（报告期限 {due}）")
        elif due >= ctx.as_of:
            continue
        elif latest is None:
            yield Hit(program, where, f"第 {i + 1} 项任务“{task.title}”完成时限 {task.deadline} 已过"
                                      f"（报告期限 {due}），没有任何调度报告其进展")
        else:
            yield Hit(program, where, f"第 {i + 1} 项任务“{task.title}”完成时限 {task.deadline} 已过"
                                      f"（报告期限 {due}），最近一次调度（{latest[2]}）报告为“{latest[0]}”",
                      related=(latest[3].file,))
