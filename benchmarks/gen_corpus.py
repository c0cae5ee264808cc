"""Synthetic corpus of N plans built from the seed plans, to measure scale.

Each synthetic plan takes top-level sections (篇/章 or parts) from random seed
plans until it reaches its size, swaps the seed's place names for its own,
substitutes industries and policy terms (each plan draws its own mapping, so a
term such as 楼宇经济 is in some plans and not in others), replaces every number,
and shuffles the sentences inside paragraphs. Plans come in several shapes: size
from a third to twice the seeds' average, some flattened (no sub-sections), some
without 专栏 boxes or tables, as outlines, proposals or special plans of districts,
counties or cities. The result is a list of
``Plan`` objects (unique ids ``syn-0001`` …, a ``source_sha256`` of their text) that
any benchmark can use; run as a script it writes them as corpus JSON::

    python benchmarks/gen_corpus.py 1000 --out /tmp/syn1000 [--seed 7]

writes ``/tmp/syn1000/parsed/syn-0001.json`` …, a corpus directory that
``load_corpus(extra=[Path("/tmp/syn1000")], include_user=False)`` layers in.

Seeds are the parsed bundled corpus only (never the user's own plans); before that
exists, a rough split of ``corpus/raw/*.txt`` into chapters and paragraphs.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fyp_tui.model import (  # noqa: E402
    PARSER_VERSION, Box, Paragraph, Plan, PlanMeta, Section, Table, TableRow, encode_plan)
from fyp_tui.textnorm import normalize  # noqa: E402

PROVINCES = {
    "江苏省": ["南京", "无锡", "常州", "苏州", "南通", "淮安", "盐城", "扬州", "泰州", "宿迁"],
    "浙江省": ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "台州", "丽水"],
    "福建省": ["厦门", "莆田", "三明", "泉州", "漳州", "南平", "龙岩", "宁德"],
    "山东省": ["济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海"],
    "安徽省": ["合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山", "滁州"],
}
DISTRICTS = ["玄武", "秦淮", "建邺", "梁溪", "新吴", "天宁", "钟楼", "姑苏", "崇川", "清江浦",
             "亭湖", "广陵", "海陵", "宿城", "上城", "拱墅", "海曙", "鹿城", "南湖", "吴兴",
             "越城", "婺城", "柯城", "椒江", "莲都", "思明", "城厢", "三元", "鲤城", "芗城",
             "延平", "新罗", "蕉城", "历下", "市南", "张店", "市中", "东营", "芝罘", "奎文"]
_STOP = re.compile(r"(?<=[。；！？])")
# Terms of the seeds and what a synthetic plan may say instead (each plan draws its own).
TERMS = ["楼宇经济", "总部经济", "数字经济", "平台经济", "文化创意", "现代物流", "生物医药", "智能制造",
         "电子商务", "商贸流通", "文化旅游", "金融服务", "软件信息", "科技服务"]
INSTEAD = TERMS + ["海洋经济", "低空经济", "银发经济", "冰雪经济", "夜间经济", "首店经济", "集成电路",
                   "新材料", "新能源汽车", "高端装备", "现代农业", "康养产业", "航空航天", "人工智能",
                   "工业互联网", "跨境电商", "绿色建材", "预制菜产业", "氢能产业", "储能产业",
                   "会展经济", "临空经济", "港口物流", "数字文创", "智慧农业", "种业振兴"]
_DIGITS = re.compile(r"\d+")


def _split_sentences(text: str, rng: random.Random) -> str:
    parts = [p for p in _STOP.split(text) if p]
    if len(parts) > 2:
        head, rest = parts[0], parts[1:]
        rng.shuffle(rest)
        parts = [head] + rest
    return "".join(parts)


class _Rewriter:
    """Swaps one seed's place names for a synthetic plan's, and shuffles sentences."""

    def __init__(self, seed: PlanMeta, meta: PlanMeta, rng: random.Random,
                 terms: list[tuple[str, str]] = (), shape: frozenset[str] = frozenset()):
        self.shape = shape
        names = []
        for old, new in ((seed.district, meta.district), (seed.city, meta.city),
                         (seed.province, meta.province)):
            if old and new:
                names.append((old, new))
                for suffix in "区市省":
                    if old.endswith(suffix) and len(old) > 2 and new.endswith(suffix):
                        names.append((old[:-1], new[:-1]))
        names += terms
        names.sort(key=lambda p: -len(p[0]))
        self.rx = re.compile("|".join(re.escape(o) for o, _ in names)) if names else None
        self.map = dict(names)
        self.rng = rng

    def swap(self, s: str) -> str:
        if not s:
            return s
        s = self.rx.sub(lambda m: self.map[m.group()], s) if self.rx else s
        rng = self.rng
        return _DIGITS.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                         10 ** len(m.group()))), s)

    def para(self, p: Paragraph) -> Paragraph:
        return Paragraph(_split_sentences(self.swap(p.text), self.rng), p.line)

    def block(self, b):
        if isinstance(b, Paragraph):
            return self.para(b)
        if isinstance(b, Box):
            return Box(b.id, b.label, self.swap(b.title), self.swap(b.heading),
                       [Paragraph(self.swap(e.text), e.line) for e in b.entries], b.line)
        rows = [TableRow(**{**r.to_dict(), "cells": [self.swap(c) for c in r.cells]}) for r in b.rows]
        return Table(b.id, self.swap(b.caption), list(b.header), rows,
                     [self.para(n) for n in b.notes], b.baseline_year, b.target_year, b.line)

    def section(self, s: Section, prefix: str) -> Section:
        blocks = [self.block(b) for b in s.blocks
                  if "plain" not in self.shape or isinstance(b, Paragraph)]
        children = [self.section(c, prefix) for c in s.children]
        if "flat" in self.shape:  # sub-sections' text folded into the section
            for c in children:
                blocks += [Paragraph(c.heading)] + c.blocks
            children = []
        return Section(id=f"{prefix}.{s.id}", level=s.level, label=s.label, title=self.swap(s.title),
                       heading=self.swap(s.heading), line=s.line, blocks=blocks, children=children)


def _size(s: Section) -> int:
    return len(s.full_text())


def _synthetic_meta(i: int, rng: random.Random, kind: str) -> PlanMeta:
    province = rng.choice(sorted(PROVINCES))
    city = rng.choice(PROVINCES[province]) + "市"
    level = rng.choice(["district", "district", "county", "city"])
    district = "" if level == "city" else rng.choice(DISTRICTS) + ("区" if level == "district" else "县")
    place = city.removesuffix("市") + district
    what = {"outline": "国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
            "proposal": "关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议",
            "special": "“十四五”现代服务业发展规划"}[kind]
    return PlanMeta(
        title=f"{place}{what}", short_title=f"{place}十四五规划", province=province, city=city,
        district=district if level == "district" else "", county=district if level == "county" else "",
        level=level, kind=kind, issuer=f"{place}人民政府", source=f"synthetic #{i}",
    )


def generate(n: int, seeds: list[Plan] | None = None, seed: int = 7) -> list[Plan]:
    """N synthetic plans, each about the seeds' average size, reproducible from ``seed``."""
    return list(iter_plans(n, seeds, seed))


def iter_plans(n: int, seeds: list[Plan] | None = None, seed: int = 7) -> Iterator[Plan]:
    """``generate`` one plan at a time (10,000 plans do not fit in memory as objects)."""
    seeds = seeds or seed_plans()
    pool = [(p, s) for p in seeds for s in p.sections if s.children or s.blocks]
    target = sum(_size(s) for _, s in pool) // len(seeds)
    for i in range(1, n + 1):
        rng = random.Random(seed * 1_000_003 + i)
        meta = _synthetic_meta(i, rng, rng.choice(["outline", "outline", "proposal", "special"]))
        terms = [(t, rng.choice(INSTEAD)) for t in TERMS]
        shape = frozenset(x for x in ("flat", "plain") if rng.random() < 0.25)
        size_of = target * rng.choice([0.33, 0.6, 1.0, 1.0, 1.4, 2.0])
        sections, size = [], 0
        while size < size_of:
            src, sec = rng.choice(pool)
            new = _Rewriter(src.meta, meta, rng, terms, shape).section(sec, f"x{len(sections) + 1:02d}")
            sections.append(new)
            size += _size(sec)
        # made from this parser's plans: current (`fyp list` would offer to re-parse them otherwise)
        plan = Plan(id=f"syn-{i:04d}", meta=meta, sections=sections, parser=PARSER_VERSION)
        body = "\n".join(s.full_text() for s in sections)
        plan.chars = sum(1 for c in body if not c.isspace())
        plan.source_sha256 = hashlib.sha256(body.encode()).hexdigest()
        yield plan


def seed_plans() -> list[Plan]:
    """The bundled parsed plans, or a rough parse of the raw seed texts."""
    try:
        from fyp_tui.corpus import load_corpus

        corpus = load_corpus(include_user=False)  # the bundled plans only, never the user's
        plans = [corpus.plans[pid] for pid in corpus.plans]
        if plans:
            return plans
    except Exception:  # the corpus loader is not there yet, or nothing is parsed
        pass
    return [_rough_plan(f) for f in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]


_RAW_META = {
    "xuzhou-gulou": ("江苏省", "徐州市", "鼓楼区"),
    "lianyungang-haizhou": ("江苏省", "连云港市", "海州区"),
    "xuzhou": ("江苏省", "徐州市", ""),
    "zhenjiang-jingkou": ("江苏省", "镇江市", "京口区"),
    "fuzhou-gulou": ("福建省", "福州市", "鼓楼区"),
}
_CHAPTER = re.compile(r"^(第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、)")


def _rough_plan(path: Path) -> Plan:
    province, city, district = _RAW_META.get(path.stem, ("", "", ""))
    lines = [normalize(x) for x in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    if len(lines) < 5:  # one-line documents: cut into sentences-groups
        lines = [normalize(x) for x in _STOP.split(" ".join(lines)) if x.strip()]
    sections: list[Section] = []
    cur = Section(id="s00", level="章", label="", title="前言")
    for ln, text in enumerate(lines, 1):
        if not text:
            continue
        m = _CHAPTER.match(text)
        if m and len(text) < 40:
            sections.append(cur)
            cur = Section(id=f"s{len(sections):02d}", level="章", label=m.group(1),
                          title=normalize(text[m.end():]), heading=text, line=ln)
        else:
            cur.blocks.append(Paragraph(text, ln))
            if len(cur.blocks) >= 12:
                sections.append(cur)
                cur = Section(id=f"s{len(sections):02d}", level="章", label="", title="", line=ln)
    sections.append(cur)
    meta = PlanMeta(province=province, city=city, district=district,
                    level="district" if district else "city")
    return Plan(id=path.stem, meta=meta, sections=[s for s in sections if s.blocks or s.title])


def write(plans: Iterable[Plan], root: Path) -> None:
    """Write plans as a corpus directory: ``root/parsed/<id>.json`` (msgspec, as the corpus does)."""
    (root / "parsed").mkdir(parents=True, exist_ok=True)
    for plan in plans:
        (root / "parsed" / f"{plan.id}.json").write_bytes(encode_plan(plan))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    write(iter_plans(args.n, seed=args.seed), args.out)
    print(f"wrote {args.n} plans to {args.out / 'parsed'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
