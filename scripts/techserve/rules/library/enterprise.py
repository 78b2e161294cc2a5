"""enterprise.*: the enterprises a program serves — where they are and what they attest."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from . import wording as zh
from .base import Hit, Params, rule

NAMING = ("need", "agreement", "application")  # the program records that name an enterprise


def enterprise_refs(ctx, program, kind: str):
    """(entry, path, enterprise id) wherever a program record of this kind names an enterprise."""
    if kind in NAMING:
        for entry in ctx.reg.valid(kind, program.id):
            if getattr(entry.model, "enterprise", None):
                yield entry, ("enterprise",), entry.model.enterprise


class RegionParams(Params):
    province: str
    city: str | None = None


@rule("enterprise.region", RegionParams, parts=NAMING, each=NAMING,
      title="参与企业须注册在实施地区",
      requirement=lambda p: "注册在" + "".join(p.get(k) or "" for k in ("province", "city")))
def enterprise_region(ctx, program, p: RegionParams, part: str) -> Iterator[Hit]:
    """Enterprises taking part are registered in the province (and city, when given)."""
    where = (p.province + (p.city or ""))
    for entry, path, eid in enterprise_refs(ctx, program, part):
        ent = ctx.reg.model("enterprise", eid)
        if ent and (ent.province != p.province or (p.city and ent.city != p.city)):
            yield Hit(entry, path, f"企业“{ent.name}”注册在{ent.province}{ent.city}，本项目只面向{where}注册的企业")


ATTESTATION_NAMES = zh.ATTESTATIONS


class AttestationParams(Params):
    required: list[str] = Field(min_length=1)

    def model_post_init(self, _):
        unknown = [r for r in self.required if r not in ATTESTATION_NAMES]
        if unknown:
            raise ValueError(f"未知的承诺事项：{'、'.join(unknown)}；可选：{'、'.join(ATTESTATION_NAMES)}")


@rule("enterprise.attestations", AttestationParams, parts=NAMING, each=NAMING,
      title="参与企业须作出全部规定的承诺",
      requirement=lambda p: f"承诺{zh.items(p['required'], zh.ATTESTATIONS)}")
def enterprise_attestations(ctx, program, p: AttestationParams, part: str) -> Iterator[Hit]:
    """Enterprises taking part attest every required statement (each set to true)."""
    for entry, path, eid in enterprise_refs(ctx, program, part):
        ent = ctx.reg.model("enterprise", eid)
        if ent is None:
            continue
        given = ent.attestations.model_dump() if ent.attestations else {}
        missing = [ATTESTATION_NAMES[k] or k for k in p.required if given.get(k) is not True]
        if missing:
            yield Hit(entry, path, f"企业“{ent.name}”未承诺：{'；'.join(missing)}（在企业文件的 attestations 中填 true）")
