"""People, chair, organiser and place: who met, who led, who organised, where.

People are public officials in their official roles, read from the genre's fixed phrasing:
"đồng chí NAME, TITLE, TITLE", "ông NAME - TITLE - TITLE", or "TITLE NAME". A person is chair only
when the text says so: "chủ trì", or heading a delegation ("làm trưởng đoàn", "dẫn đầu").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .record import PersonMention, Span

# Honorifics that introduce a named person.
_TRIGGER = re.compile(
    r"(?<!\w)(?P<plural>các\s+)?(?:đồng chí|đ/c|ông|bà)\s*(?(plural):?\s*|)(?=[A-ZĐÀ-Ỹ])",
    re.IGNORECASE,
)
# Between two entries of "các đồng chí: A, TITLE; B, TITLE và C, TITLE".
_LIST_NEXT = re.compile(r"\s*(?:;|,|;?\s*và|;?\s*cùng)\s*(?:(?:đồng chí|đ/c|ông|bà)\s+)?")

# The first words of a title. Matched at the start of a comma/dash-separated segment,
# case-insensitively (sites write both "Phó Trưởng ban" and "Phó trưởng Ban").
_TITLE_HEADS: tuple[str, ...] = (
    "ủy viên",
    "uỷ viên",
    "bí thư",
    "phó bí thư",
    "trưởng",
    "phó",
    "giám đốc",
    "chủ tịch",
    "tỉnh ủy viên",
    "tỉnh uỷ viên",
    "thành ủy viên",
    "thành uỷ viên",
    "huyện ủy viên",
    "huyện uỷ viên",
    "quận ủy viên",
    "thị ủy viên",
    "đảng ủy viên",
    "tổng biên tập",
    "tổng giám đốc",
    "tổng bí thư",
    "tổng thư ký",
    "bộ trưởng",
    "thứ trưởng",
    "chánh",
    "hiệu trưởng",
    "viện trưởng",
    "vụ trưởng",
    "cục trưởng",
    "chủ nhiệm",
    "thủ tướng",
    "đại biểu quốc hội",
    "thường trực",
    "giảng viên",
    "báo cáo viên",
    "nguyên",
    "quyền",
    "đại tá",
    "thượng tá",
    "thiếu tướng",
    "trung tướng",
    "thượng tướng",
    "gs",
    "pgs",
    "ts",
    "tiến sĩ",
    "thạc sĩ",
    "nhà báo",
    "chuyên viên",
    "thư ký",
    "chính ủy",
    "chính uỷ",
    "tư lệnh",
    "chỉ huy trưởng",
    "người phát ngôn",
    "ủy ban",
    "ủy viên ban",
    "đại diện lãnh đạo",
)
# Capitalised words that start a title or an organisation, so never the first word of a name.
_NOT_NAME_FIRST = frozenset(
    [
        "trưởng",
        "phó",
        "bí",
        "ủy",
        "uỷ",
        "chủ",
        "giám",
        "tổng",
        "ban",
        "tỉnh",
        "thành",
        "huyện",
        "quận",
        "đảng",
        "trung",
        "đại",
        "thứ",
        "bộ",
        "chánh",
        "viện",
        "vụ",
        "cục",
        "hiệu",
        "thường",
        "quyền",
        "nguyên",
        "các",
        "những",
        "sở",
        "hội",
        "ubnd",
        "hđnd",
        "mặt",
        "báo",
        "đài",
        "thủ",
        "tư",
        "chỉ",
        "gs",
        "pgs",
        "ts",
        "ths",
        "tiến",
        "thạc",
        "nhà",
        "chuyên",
        "thư",
        "giảng",
        "người",
        "lãnh",
        "cán",
    ]
)
# Inside a name, a capitalised word ends it when it opens a title with the next word
# ("… Hải Hường Trưởng ban", "… Bí thư"): given names such as Thành or Trung stay names.
_TITLE_OPENERS = frozenset({"trưởng", "phó", "ban", "bộ", "sở", "ubnd", "hđnd", "cục"})
_TITLE_PAIRS = frozenset(
    [
        "bí thư",
        "ủy viên",
        "uỷ viên",
        "chủ tịch",
        "chủ nhiệm",
        "giám đốc",
        "tổng biên",
        "tổng giám",
        "tổng bí",
        "tỉnh ủy",
        "tỉnh uỷ",
        "thành ủy",
        "thành uỷ",
        "huyện ủy",
        "huyện uỷ",
        "quận ủy",
        "quận uỷ",
        "thị ủy",
        "thị uỷ",
        "đảng ủy",
        "đảng uỷ",
        "thường trực",
        "thường vụ",
        "trung ương",
        "chánh văn",
        "viện trưởng",
        "hiệu trưởng",
        "cục trưởng",
        "vụ trưởng",
        "thủ tướng",
        "chính ủy",
        "chính uỷ",
        "tư lệnh",
        "đại biểu",
        "đại tá",
        "thượng tá",
        "thiếu tướng",
        "trung tướng",
        "nhà báo",
        "tiến sĩ",
        "thạc sĩ",
        "giảng viên",
        "báo cáo",
    ]
)
# Common family names; a name found after a title (no honorific) must start with one.
_SURNAMES = frozenset(
    [
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "đinh",
        "lương",
        "trương",
        "đoàn",
        "vương",
        "trịnh",
        "lâm",
        "mai",
        "tạ",
        "hà",
        "cao",
        "quách",
        "thái",
        "chu",
        "đào",
        "tô",
        "la",
        "kha",
        "triệu",
        "tăng",
        "lưu",
        "hứa",
        "lục",
        "nông",
        "lò",
        "vi",
        "sầm",
        "y",
        "ksor",
        "h'",
        "giàng",
        "thào",
        "sùng",
        "mùa",
        "kiều",
        "khổng",
        "văn",
        "từ",
        "châu",
        "doãn",
        "ninh",
        "âu",
    ]
)
_SURNAME_START = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(sorted((n.capitalize() for n in _SURNAMES), key=len, reverse=True))
    + r") (?=[^\W\d_])"
)
# Names that are history, not attendees (as in "phong cách Hồ Chí Minh").
_NOT_ATTENDEES = frozenset({"Hồ Chí Minh", "Tôn Đức Thắng", "Võ Nguyên Giáp"})

# Verbs that end a title chain: what the person did, not who they are.
_CHAIN_STOP = re.compile(
    r"\s(?:chủ trì|đồng chủ trì|phát biểu|làm trưởng đoàn|làm trưởng ban|dẫn đầu|nhấn mạnh|"
    r"cho biết|đề nghị|yêu cầu|khẳng định|trao|tặng|dự|tham dự|đến dự|về dự|báo cáo|trình bày|"
    r"quán triệt|truyền đạt|thông tin|chỉ đạo|kết luận|đánh giá|ghi nhận|biểu dương|chúc mừng|"
    r"đã|sẽ|cùng|và các|và đồng chí|và ông|và bà|với|tại|điều hành|giới thiệu|chia sẻ|lưu ý|"
    r"mong muốn|bày tỏ|thay mặt|gợi mở|phân tích|quán triệt|làm việc|có mặt|lên|nêu|nói)\b"
)
_CO_LIST = re.compile(
    r"\s*(?:[,;]\s*(?:và|cùng)?|và|cùng)\s*(?:(?:các\s+)?(?:đồng chí|đ/c|ông|bà)\s*)?",
    re.IGNORECASE,
)
_SEGMENT_SEP = re.compile(r"\s*(?:,|\s[-–—]\s)\s*")
_PAREN_TITLES = re.compile(r"\s*\((?P<titles>[^()]{3,120})\)")
_CHAIN_END = re.compile(r"[.;:()\n“”\"]")
_CHAIR_AFTER = re.compile(
    r"^\s*,?\s*(?:đã\s+|cùng\s+)?(?:đồng\s+chủ\s+trì|chủ\s+trì|làm\s+trưởng\s+đoàn|dẫn\s+đầu)",
    re.IGNORECASE,
)
_CHAIR_BEFORE = re.compile(
    r"(?:chủ\s+trì|trưởng\s+đoàn)[^.;]{0,60}?(?:là|có|gồm|:)\s*(?:các\s+)?(?:đồng chí|ông|bà)?\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    titles: str
    start: int
    end: int  # end of the title chain in the text
    is_chair: bool


def _is_title(segment: str) -> bool:
    low = segment.lower()
    return any(
        low.startswith(head) and (len(low) == len(head) or not low[len(head)].isalpha())
        for head in _TITLE_HEADS
    )


def _read_name(text: str, pos: int) -> tuple[str, int]:
    """Capitalised words from `pos`: the name (2–5 words) and where it ends; ("", pos) if none."""
    words: list[str] = []
    end = pos
    tokens = list(re.finditer(r"[^\W\d_]+(?:'[^\W\d_]+)?|\S", text[pos : pos + 90]))
    for i, m in enumerate(tokens):
        word = m.group()
        if i and text[pos + tokens[i - 1].end() : pos + m.start()] != " ":
            break  # punctuation or a line break between words closes the name
        if not word[0].isupper() or not word[0].isalpha() or len(words) >= 5:
            break
        low = word.lower()
        nxt = tokens[i + 1].group().lower() if i + 1 < len(tokens) else ""
        if (not words and low in _NOT_NAME_FIRST) or (
            words and (low in _TITLE_OPENERS or f"{low} {nxt}" in _TITLE_PAIRS)
        ):
            break
        words.append(word)
        end = pos + m.end()
    if len(words) < 2:
        return "", pos
    return " ".join(words), end


def read_title_chain(text: str, pos: int) -> tuple[str, int]:
    """The titles written after a name: comma- or dash-separated segments that each start like
    a title ("Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy"), up to the verb that says
    what the person did. Returns the titles as written and where they end."""
    paren = _PAREN_TITLES.match(text, pos)
    if paren and _is_title(paren["titles"].strip()):
        return paren["titles"].strip(), paren.end()
    limit = _CHAIN_END.search(text, pos)
    stop = limit.start() if limit else len(text)
    chain_start: int | None = None
    chain_end = pos
    cursor = pos
    while cursor < stop:
        sep = _SEGMENT_SEP.match(text, cursor)
        seg_start = sep.end() if sep else cursor
        if seg_start == cursor and chain_start is not None:
            break
        nxt = _SEGMENT_SEP.search(text, seg_start, stop)
        seg_end = nxt.start() if nxt else stop
        segment = text[seg_start:seg_end]
        verb = _CHAIN_STOP.search(segment)
        if verb:
            segment = segment[: verb.start()]
        for conj in re.finditer(r"\s(?:và|cùng)\s+", segment):
            # "Giám đốc Sở Văn hóa và Lý Thị E, …": another person, not "và Du lịch".
            next_word = segment[conj.end() :].split(" ", 1)[0].lower()
            if next_word in _SURNAMES and _read_name(segment, conj.end())[0]:
                segment, verb = segment[: conj.start()], conj
                break
        if not segment.strip() or not _is_title(segment.strip()):
            break
        if chain_start is None:
            chain_start = seg_start
        chain_end = seg_start + len(segment.rstrip())
        if verb:
            break
        cursor = seg_end
    if chain_start is None:
        return "", pos
    return text[chain_start:chain_end].strip(" ,-–"), chain_end


def _mentions_in(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for trig in _TRIGGER.finditer(text):
        if any(a <= trig.start() < b for a, b in taken):
            continue
        pos = trig.end()
        while True:
            name, name_end = _read_name(text, pos)
            if not name or name in _NOT_ATTENDEES:
                break
            titles, chain_end = read_title_chain(text, name_end)
            end = max(chain_end, name_end)
            found.append(_Mention(name, titles, pos, end, _chair_context(text, trig.start(), end)))
            taken.append((trig.start(), end))
            # "các đồng chí: A, TITLE; B, TITLE": the list goes on while entries follow.
            nxt = _LIST_NEXT.match(text, end) if trig["plural"] and titles else None
            if not nxt:
                break
            pos = nxt.end()
    # "Trưởng Ban Tuyên giáo Tỉnh ủy Trần Đức Thuần phát biểu": a title then a full name.
    for m in _SURNAME_START.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name, name_end = _read_name(text, m.start())
        if len(name.split()) < 3 or name in _NOT_ATTENDEES:
            continue  # two-word "names" after a title are mostly places ("Hà Nội")
        titles, clause_start = _titles_before(text, m.start())
        if not titles:
            continue
        found.append(
            _Mention(
                name, titles, m.start(), name_end, _chair_context(text, clause_start, name_end)
            )
        )
    found.sort(key=lambda x: x.start)

    # Co-chairs listed together share the role: "đồng chí A, TITLE và đồng chí B, TITLE đồng
    # chủ trì" (the verb after the last) and "Chủ trì có đồng chí A, TITLE; đồng chí B, TITLE"
    # (the verb before the first). Only a bare list separator may stand between them.
    def listed_together(i: int) -> bool:
        gap = text[found[i].end : found[i + 1].start]
        return bool(_CO_LIST.fullmatch(gap))

    for i in range(len(found) - 2, -1, -1):
        if found[i + 1].is_chair and listed_together(i):
            found[i] = _Mention(found[i].name, found[i].titles, found[i].start, found[i].end, True)
    for i in range(len(found) - 1):
        if found[i].is_chair and listed_together(i):
            nxt = found[i + 1]
            found[i + 1] = _Mention(nxt.name, nxt.titles, nxt.start, nxt.end, True)
    return found


def _titles_before(text: str, name_start: int) -> tuple[str, int]:
    """The title chain written just before a name ("Ủy viên Bộ Chính trị, Thường trực Ban Bí
    thư Võ Văn Thưởng"): comma-separated title segments, walking back; ("", pos) if none."""
    start = name_start
    titles_start: int | None = None
    while start > 0:
        cut = max(text.rfind(c, 0, start) for c in ",.;:(\n")
        segment = text[cut + 1 : start].strip()
        segment = re.sub(r"^(?:và|cùng|có|của)\s+", "", segment)
        if not segment or len(segment) > 120 or not _is_title(segment):
            break
        titles_start = cut + 1
        if cut < 0 or text[cut] != ",":
            break
        start = cut
    if titles_start is None:
        return "", name_start
    titles = text[titles_start:name_start].strip()
    titles = re.sub(r"^(?:và|cùng|có|của)\s+", "", titles)
    return titles, titles_start


def _chair_context(text: str, start: int, end: int) -> bool:
    """Chair when "chủ trì"/"làm trưởng đoàn"/"dẫn đầu" follows the mention or introduces it."""
    if _CHAIR_AFTER.match(text[end : end + 40]):
        return True
    sentence_start = max(text.rfind(c, 0, start) for c in ".;\n") + 1
    return bool(_CHAIR_BEFORE.search(text[sentence_start:start]))


@dataclass(frozen=True, slots=True)
class PeopleResult:
    people: tuple[PersonMention, ...]
    chair: tuple[PersonMention, ...]


def find_people(paragraphs: Sequence[str], captions: Sequence[str] = ()) -> PeopleResult:
    """Every named official with the fullest titles written for them anywhere (body or caption),
    in order of first mention; the chairs among them. Titles that name a delegation head
    ("Trưởng đoàn") also make a chair."""
    body = "\n\n".join(paragraphs)
    mentions: list[tuple[_Mention, bool]] = [(m, True) for m in _mentions_in(body)]
    for caption in captions:
        mentions.extend((m, False) for m in _mentions_in(caption))
    order: list[str] = []
    best: dict[str, str] = {}
    spans: dict[str, Span] = {}
    chairs: list[str] = []
    for mention, in_body in mentions:
        name = mention.name
        if name not in best:
            order.append(name)
            best[name] = mention.titles
        elif len(mention.titles) > len(best[name]):
            best[name] = mention.titles
        if in_body and name not in spans:
            spans[name] = Span(mention.start, mention.end)
        if (mention.is_chair or "trưởng đoàn" in mention.titles.lower()) and name not in chairs:
            chairs.append(name)
    people = tuple(PersonMention(n, best[n], spans.get(n)) for n in order)
    by_name = {p.name: p for p in people}
    return PeopleResult(people=people, chair=tuple(by_name[n] for n in chairs))


# Organiser and place

_ORG_HEAD = (
    r"(?:Ban|Ủy ban|Uỷ ban|UBND|HĐND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|"
    r"Quận ủy|Quận uỷ|Thị ủy|Thị uỷ|Đảng ủy|Đảng uỷ|Đảng bộ|Sở|Hội|Trung tâm|Báo|Đài|Mặt trận|"
    r"Thường trực|Học viện|Trường|Bộ|Cục|Vụ|Viện|Liên đoàn|Tỉnh đoàn|Thành đoàn|Tạp chí|"
    r"Hội đồng|Cụm thi đua|Khối thi đua|Văn phòng|Chi bộ|Công đoàn)"
)
_ORGANISER = re.compile(
    rf"(?:^|[,.;:]\s*|\bdo\s+)(?P<org>{_ORG_HEAD}\s[^,.;:()“”\"]{{0,90}}?)\s+"
    r"(?:đã\s+|vừa\s+|long trọng\s+|trang trọng\s+)?"
    r"(?:(?:phối hợp|chủ trì, phối hợp)\s+(?:với\s+)?[^.;]{0,90}?\s+)?tổ\s+chức\b"
    r"(?P<event>[^.;]{0,140})",
)
_DELEGATION = re.compile(
    rf"[Đđ]oàn công tác\s+(?:của\s+)?(?P<org>{_ORG_HEAD}\s[^,.;:()]{{0,60}}?)"
    r"(?=\s+(?:do|đã|làm việc|đến|về|kiểm tra|khảo sát|thăm)\b|[,.;:])"
)
_TITLE_ORG = re.compile(rf"^(?P<org>{_ORG_HEAD}\s[^:]{{2,60}}):\s")
_LOCATION = re.compile(
    r"\btại\s+(?P<loc>(?:TP\.?|Tp\.?|thành phố|Thành phố|tỉnh|huyện|thị xã|quận|xã|phường|"
    r"Hội trường|hội trường|Trung tâm|trụ sở|Trụ sở|Nhà văn hóa|Nhà văn hoá|Khách sạn|Cung|"
    r"Trường|Học viện|Bảo tàng|Khu di tích|Nhà khách)\s[^,.;:()]{1,70}?|"
    r"[A-ZĐ][^\s,.;:()]*(?:\s[A-ZĐ][^\s,.;:()]*){0,4})"
    r"(?=\s*[,.;:()]|\s+(?:Ban|Sở|Tỉnh|Thành|Huyện|Đảng|UBND|đã|diễn ra|tổ chức|với|cho|nhằm|"
    r"và|có|để)\b)"
)


@dataclass(frozen=True, slots=True)
class Found:
    """A value read from the body, with its span and how sure the rule is."""

    value: str | None
    span: Span | None
    confidence: float
    event_phrase: str = ""


def find_organizer(paragraphs: Sequence[str], title: str | None) -> Found:
    """The organising body as written: "ORG tổ chức …" (or "do ORG tổ chức") in the lead, a
    visiting delegation's body ("đoàn công tác của ORG"), or a headline's "ORG: …" prefix."""
    offset = 0
    for index, paragraph in enumerate(paragraphs[:3]):
        for pattern in (_ORGANISER, _DELEGATION):
            m = pattern.search(paragraph)
            if m:
                org = re.sub(r"\s+(?:phối hợp|cùng|chủ trì)\b.*$", "", m["org"]).strip()
                span = Span(offset + m.start("org"), offset + m.start("org") + len(org))
                phrase = m.groupdict().get("event") or ""
                return Found(org, span, 0.85 if index == 0 else 0.65, phrase)
        offset += len(paragraph) + 2
    if title:
        m = _TITLE_ORG.match(title)
        if m:
            return Found(m["org"].strip(), None, 0.6)
    return Found(None, None, 0.4)


def find_location(paragraphs: Sequence[str]) -> Found:
    """The place named with "tại" in the lead sentence ("Chiều 24/11, tại TP Hạ Long, …"). Online
    connection points ("tại điểm cầu") are not the venue."""
    if not paragraphs:
        return Found(None, None, 0.4)
    lead = paragraphs[0]
    first_sentence = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0]
    for m in _LOCATION.finditer(first_sentence):
        loc = m["loc"].strip()
        if loc.lower().startswith(("điểm cầu", "hội nghị", "hội thảo", "buổi")):
            continue
        return Found(loc, Span(m.start("loc"), m.start("loc") + len(loc)), 0.75)
    return Found(None, None, 0.55)
