"""Citations: a section's text with where it comes from (plan title, issuer, date,
path of headings, ``PLAN#SECTION``), in a format the user sets in config.toml:

    [cite]
    format = "{text}\\n——{title}（{issuer}，{date}）{path}，{ref}"

Fields: text, title, issuer, date, place, kind, path, section, ref. A format that
names an unknown field or is malformed falls back to the default (and says why).
"""

from __future__ import annotations

from .model import ITEM, Plan

DEFAULT = "{text}\n——《{title}》（{issuer}，{date}）{path}，{ref}"
FIELDS = ("text", "title", "issuer", "date", "place", "kind", "path", "section", "ref")


def fields(plan: Plan, sid: str, text: str) -> dict[str, str]:
    m = plan.meta
    try:
        path = [s for s in plan.path(sid) if s.level != "封面"]
    except KeyError:
        path = []
    titles = [s.display_title if s.level != ITEM else s.title for s in path]
    return {
        "text": text.strip(),
        "title": m.title or plan.id,
        "issuer": m.issuer or m.region or "发布机关不详",
        "date": m.adopted or m.issued or "日期不详",
        "place": m.place or plan.id,
        "kind": m.kind_label,
        "path": " › ".join(titles),
        "section": titles[-1] if titles else "",
        "ref": f"{plan.id}#{sid}" if sid else plan.id,
    }


def cite(plan: Plan, sid: str, text: str, fmt: str = "") -> tuple[str, str]:
    """(the citation, a problem with ``fmt`` or "")."""
    values = fields(plan, sid, text)
    if fmt:
        try:
            return fmt.format_map(values), ""
        except (KeyError, ValueError, IndexError, AttributeError) as e:
            problem = f"[cite] format in config.toml: {e!r} (fields: {', '.join(FIELDS)}); using the default"
            return DEFAULT.format_map(values), problem
    return DEFAULT.format_map(values), ""
