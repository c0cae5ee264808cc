"""The one text normalisation used by ingest, search and display.

Plans arrive with PDF-extraction spaces between Chinese characters (`提 高开放水平`),
ASCII punctuation where Chinese is meant (` , ` ` . ` `( )`), full-width letters and
digits, odd spaces. ``normalize`` turns a line into what a reader expects:

* spaces between CJK characters, next to CJK punctuation, or between a Han
  character and a number or Latin word (`到 2025 年`) are removed; a run of spaces
  between Latin words or numbers (`GDP 5G`, `10 km`) becomes one space;
* ASCII ``, . : ; ! ? ( )`` in Chinese context become ``，。：；！？（）``, and so does a
  Chinese line's last ``.`` after ``%``, ``‰`` or ``℃`` or set apart after a Latin word
  (``处置率 100% .``, ``CBD .``);
  ``1,000``, ``5.3``, ``12:30``, ``1.`` list labels and Latin text keep theirs;
* a pair of hyphens (``- -``) before Chinese, opening a line or after Chinese, becomes ——;
  spaces around the ``-`` or ``~`` of a range of numbers go (``2001 -2005年``);
* full-width ASCII letters/digits and the signs of numbers (``％ ＋ ／ ＜ ＞ ＝``, and
  ``．`` between two digits: ``７．５％`` → ``7.5%``) become ASCII, ○ becomes 〇,
  « » become 《 》, and every kind of space becomes a plain one.

Apart from removing white space, every change maps one character to one
character; ``fold`` is that mapping, so two texts can be compared character by
character whatever the source punctuation (the ingest accounting relies on it).
``compact`` strips all white space and returns an offset map, for search.

``as_written`` keeps the characters as written and tidies only the white space, exactly
as ``normalize`` does: the two give strings of the same length with white space at the
same places, so a span found on the normalised line (a label, a title) is the same
span of the written one. Headings, labels and captions are stored as written (what an
analyst cites); only what is compared (search keys, alignment, numbering) is normalised.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import islice

from .sanitize import for_terminal, unsafe_spans

# One-to-one character folds applied everywhere (not context dependent).
_FIXED = {
    "«": "《",
    "»": "》",
    "○": "〇",
    "◯": "〇",
    "－": "-",
    "～": "~",
    "﹐": "，",
    "﹒": "。",
    # The full-width signs that belong to numbers (增长７．５％, ＜５): as the digits. The
    # full-width point ． only between digits (``_POINT_RE``): elsewhere it ends a sentence
    # or a list label (；２．森林覆盖率) and stays as written.
    "％": "%",
    "＋": "+",
    "／": "/",
    "＜": "<",
    "＞": ">",
    "＝": "=",
}
for _c in range(0xFF10, 0xFF1A):  # ０-９
    _FIXED[chr(_c)] = chr(_c - 0xFEE0)
for _c in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
    _FIXED[chr(_c)] = chr(_c - 0xFEE0)
_FIXED_TABLE = str.maketrans(_FIXED)

# ASCII punctuation and its Chinese counterpart.
_CN_PUNCT = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}

# Characters folded for comparison: the fixed folds plus ASCII→Chinese punctuation.
_FOLD = dict(_FIXED)
_FOLD.update(_CN_PUNCT)
_FOLD["．"] = "。"  # as '.' folds: 7．5 normalised is 7.5, and both fold to 7。5
_FOLD["-"] = _FOLD["－"] = "—"  # as a spaced-out pair of hyphens normalises (``_convert_dashes``)
_FOLD_TABLE = str.maketrans(_FOLD)

_CJK_PUNCT = set("，。、；：？！“”‘’《》〈〉（）【】〔〕「」『』—…·〇～")


def is_cjk(ch: str) -> bool:
    """A Han character (any CJK ideograph block) or 〇; False for "" (no neighbour)."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x3134F
        or 0xF900 <= o <= 0xFAFF
        or ch == "〇"
    )


def is_cjkish(ch: str) -> bool:
    """Han characters and Chinese punctuation: what a Chinese sentence is made of."""
    return is_cjk(ch) or (len(ch) == 1 and ch in _CJK_PUNCT)


def has_cjk(s: str) -> bool:
    return any(is_cjk(c) for c in s)


def fold(s: str) -> str:
    """Map every character to its canonical form (one to one, white space kept)."""
    return s.translate(_FOLD_TABLE)


_SPACE_RE = re.compile(r"[^\S\n]+")


def _spaces_to_plain(s: str) -> str:
    # Every horizontal white space (ideographic, NBSP, tabs, thin spaces…) → " ".
    return _SPACE_RE.sub(" ", s)


def _neighbour(s: str, i: int, step: int) -> str:
    """The nearest non-space character from i (exclusive) in direction step."""
    j = i + step
    while 0 <= j < len(s) and s[j] == " ":
        j += step
    return s[j] if 0 <= j < len(s) else ""


def _chinese_context(prev: str, nxt: str) -> bool:
    return (prev != "" and is_cjkish(prev)) or (nxt != "" and is_cjkish(nxt))


def _convert_punct(s: str) -> str:
    chars = list(s)
    n = len(chars)
    # Parentheses: convert a matched pair when its content or a neighbour is Chinese.
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, c in enumerate(chars):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            pairs.append((stack.pop(), i))
    for a, b in pairs:
        inner = s[a + 1 : b]
        if has_cjk(inner) or is_cjkish(_neighbour(s, a, -1)) or is_cjkish(_neighbour(s, b, 1)):
            chars[a], chars[b] = "（", "）"
    lead = len(s) - len(s.lstrip())  # where the text starts: list labels sit there
    cjk_line = cache(lambda: has_cjk(s))
    for i, c in enumerate(s):
        if c not in ",.:;!?":
            continue
        prev_raw = s[i - 1] if i > 0 else ""
        next_raw = s[i + 1] if i + 1 < n else ""
        prev, nxt = _neighbour(s, i, -1), _neighbour(s, i, 1)
        if prev_raw.isdigit() and next_raw.isdigit():
            continue  # 1,000  5.3  12:30
        if c == "." and (prev_raw.isdigit() or prev_raw in _HAN_DIGITS) and _is_list_label(s, i, lead):
            continue  # "1. 重大产业项目" and "一.发展基础" keep their list labels
        if c == "." and prev_raw.isascii() and prev_raw.isalpha() and next_raw.isascii() and next_raw.isalnum():
            continue  # e.g. / www.example.com
        if _chinese_context(prev, nxt) or (c == "." and nxt == "" and cjk_line() and prev and (
                prev in "%‰℃" or (prev_raw.isspace() and prev.isascii() and prev.isalpha()))):
            # and a Chinese line's last stop after a percentage or set apart after a Latin word:
            # 占比达70% . and 文化创意CBD . (after a digit it may be a decimal point wrapped to
            # the next line: 面积1 . / 2万平方公里)
            chars[i] = _CN_PUNCT[c]
    return "".join(chars)


_DASH_PAIR_RE = re.compile(r"-( *)-")
_RANGE_SPACES_RE = re.compile(r"(?<=\d) *([-~]) *(?=\d)")


def _convert_dashes(s: str) -> str:
    """A pair of hyphens (``--``, ``- -``) opening a line or between Chinese, before Chinese,
    is the 破折号 a newspaper's or a converter's ASCII makes of ——: 大理 - -保山 is 大理——保山,
    - -坚持以发展为主题 is ——坚持以发展为主题. Numbers keep theirs (2001--2005 is a range)."""
    out = s
    for m in reversed(list(_DASH_PAIR_RE.finditer(s))):
        prev, nxt = _neighbour(s, m.start(), -1), _neighbour(s, m.end() - 1, 1)
        if (prev == "" or is_cjkish(prev)) and is_cjkish(nxt):
            out = out[: m.start()] + "—" + m.group(1) + "—" + out[m.end() :]
    return out


_HAN_DIGITS = set("一二三四五六七八九十")


def _is_list_label(s: str, i: int, lead: int) -> bool:
    """Is the '.' at i the end of a leading number, as in '12. 项目' or '一.发展基础' (at
    most three Chinese numerals)? (``lead``: the index of the first non-space character;
    no slicing, so a long line stays linear.)"""
    j = i - 1
    if s[j] in _HAN_DIGITS:
        if i + 1 < len(s) and s[i + 1] in _HAN_DIGITS:
            return False  # 十一.五期间: a period's name typed with a stop, no label
        while j >= 0 and s[j] in _HAN_DIGITS and i - j <= 3:
            j -= 1
        return j + 1 == lead
    while j >= 0 and s[j].isdigit():
        j -= 1
    return j + 1 <= lead


def _drop_spaces(s: str) -> str:
    out: list[str] = []
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c != " ":
            out.append(c)
            i += 1
            continue
        j = i
        while j < n and s[j] == " ":
            j += 1
        prev = out[-1] if out else ""
        nxt = s[j] if j < n else ""
        if prev and nxt and not is_cjkish(prev) and not is_cjkish(nxt):
            out.append(" ")  # between Latin words / numbers: keep one
        i = j
    return "".join(out)


_ASCII_PUNCT_RE = re.compile(r"[,.:;!?()]")
_POINT_RE = re.compile(r"(?<=[0-9])．(?=[0-9])")  # after the digits were folded


@lru_cache(maxsize=1 << 16)
def normalize(s: str) -> str:
    """Normalise one line (or paragraph) of plan text for display and search."""
    if not s:
        return s
    s = _spaces_to_plain(s).translate(_FIXED_TABLE)
    if "．" in s:
        s = _POINT_RE.sub(".", s)
    if _ASCII_PUNCT_RE.search(s):
        s = _convert_punct(s)
    if "-" in s:
        s = _convert_dashes(s)
    if " " in s and ("-" in s or "~" in s):
        s = _RANGE_SPACES_RE.sub(r"\1", s)  # 2001 -2005年, 160 ~ 300万千瓦: one range
    if " " in s:
        s = _drop_spaces(s)
    return s.strip()


_NONSPACE_RE = re.compile(r"\S")


PHRASE_HAN = 4  # Han characters in each phrase of a title parted by white space (``as_titled``)


@lru_cache(maxsize=1 << 16)
def as_written(s: str) -> str:
    """``s`` with white space tidied as ``normalize`` tidies it and every other character
    as written (ASCII `(一)`, `,`, ○ and full-width digits stay): ``normalize`` only
    removes or replaces white space and maps each other character to one, so the
    written characters go back into its result one for one."""
    n = normalize(s)
    return written_span(s, n, 0, len(n))


def as_titled(s: str) -> str:
    """A heading's title as written (``as_written``), keeping one space where white
    space parts it into phrases of at least ``PHRASE_HAN`` Han characters each:
    不断提高发展质效 着力打造实力海州, 坚持创新驱动　建设创新强市 (a citation quotes it so).
    Any shorter piece and the white space is the document's spacing, not the writer's
    (序 言; a PDF's 提 高开放水平 or 促进现代服务 业 高质量发展), and all of it goes, as
    ``normalize`` drops it."""
    w = as_written(s)
    parts = s.split()
    if len(parts) < 2 or any(sum(map(is_cjk, p)) < PHRASE_HAN for p in parts):
        return w
    if not all(is_cjk(a[-1]) and is_cjk(b[0]) for a, b in zip(parts, parts[1:])):
        return w  # white space beside punctuation, a number or a Latin word: tidied as written
    return " ".join(map(as_written, parts))


def written_span(s: str, n: str, start: int, end: int) -> str:
    """``as_written(s)[start:end]`` where ``n == normalize(s)``, reading ``s`` only as far
    as the span (a lead sentence at the head of a long paragraph)."""
    skip = sum(1 for c in n[:start] if not c.isspace())
    written = (m.group() for m in islice(_NONSPACE_RE.finditer(s), skip, None))
    return "".join(c if c.isspace() else next(written) for c in n[start:end])


def nonspace(s: str) -> str:
    return "".join(c for c in s if not c.isspace())


def compact(s: str) -> tuple[str, list[int]]:
    """``s`` without white space, and for each kept character its index in ``s``."""
    keep = [i for i, c in enumerate(s) if not c.isspace()]
    return "".join(s[i] for i in keep), keep


def control_spans(s: str) -> list[tuple[int, int]]:
    """Spans of control characters and terminal escape sequences in ``s`` (the
    sanitiser's own definition: one list of what a terminal must never see)."""
    return unsafe_spans(s)


def strip_controls(s: str) -> str:
    return for_terminal(s)


def nfkc_width(s: str) -> str:
    """Full-width forms to ASCII for free-form user input (queries), via NFKC."""
    return unicodedata.normalize("NFKC", s)
