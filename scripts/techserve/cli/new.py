"""`techserve new`: 生成一份可直接填写的模板文件."""

from __future__ import annotations

from .common import root_of


def add(sub) -> None:
    p = sub.add_parser("new", help="生成一份可直接填写的模板文件")
    _new_arguments(p)
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..scaffold import write_new

    return write_new(root_of(args), args)


def _new_arguments(p) -> None:
    # Defined here, not in scaffold/: importing scaffold loads pypinyin and the models, and
    # `techserve --help` should start in well under 0.2 s.
    p.add_argument("kind", choices=("unit", "person", "enterprise", "application", "need", "agreement", "service"),
                   help="要生成的记录类型")
    p.add_argument("--name", required=True, help="名称或姓名（用于生成拼音编号）")
    p.add_argument("--id", help="指定编号（默认由名称的拼音生成）")
    p.add_argument("--suffix", default="", help="编号后缀，如单位简称 hust，避免重名")
    p.add_argument("--program", help="项目编号（申报、需求、协议、服务登记需要）")
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
