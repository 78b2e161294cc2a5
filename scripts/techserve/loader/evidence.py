"""Evidence files (photos and scans under programs/<id>/evidence/) as the text they carry.

The registry is public, and a photo or PDF says more than its pixels: a phone camera writes the
place it was taken (EXIF GPS), the owner's name and comments into the file; a PDF carries its
author, its text, its annotations, form fields, attachments and — after an incremental save — the
properties of its earlier revisions. What can be read without looking at the picture is read here,
so the privacy check can judge it like any other text. What is in the pixels (an ID card
photographed) is still for the reviewer's eyes.

The file is read whole, within a budget, and fails closed: metadata may sit anywhere (a JPEG
segment or a PNG chunk after the image data, bytes after the end marker), so the reader walks
every segment and chunk, skipping only the compressed pixels; a PDF is read page by page, one bad
page never hiding the others. Whatever part cannot be read within the budget (size, pages, a
page's content, time) is named in `unreadable`, and an unreadable file is an error the submitter
must fix (a re-saved, smaller or unencrypted copy), never a silent pass.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import time
import warnings
import zlib
from dataclasses import dataclass, field

from ..findings import Finding
from ..personal import MESSAGES
from ..personal import scan as scan_text

MAX_EVIDENCE = 16 << 20  # bytes: a larger file is not read, and is an error
PDF_PAGES = 200  # a service record's scan is a few pages; more is not read, and is an error
PAGE_CONTENT_MAX = 1 << 20  # bytes of one page's decompressed content: a dense text page is ~100 KB
TEXT_MAX = 1_000_000  # characters of text per file
SECONDS = 8.0  # wall time per file: what is not read by then is named unreadable
NESTED = 2  # attachments inside attachments read this deep


@dataclass
class Evidence:
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, in Chinese; the text)
    location: bool = False  # GPS tags: where it was taken (never printed: that is the personal part)
    unreadable: str | None = None  # the first part that could not be read, in Chinese (None: read whole)

    def missed(self, why: str) -> None:
        self.unreadable = self.unreadable or why


def read_evidence(data: bytes, name: str) -> Evidence:
    """The texts an evidence file carries beside its pixels. Never raises: what could not be read
    says so in `unreadable`. One read per file and check: the same bytes give the same answer."""
    return _read_bytes(bytes(data), name.lower().endswith(".pdf") or data[:5] == b"%PDF-")


class _Blob:
    """A file's bytes as a cache key that forgets them once read: the cache keeps each file's
    answer by its digest, not up to 16 MB of bytes per entry, so it may hold a whole registry's
    evidence (the file check, the reviewer's note and the history scan each ask once)."""

    __slots__ = ("data", "digest")

    def __init__(self, data: bytes):
        self.data: bytes | None = data
        self.digest = hashlib.sha256(data).digest()

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Blob) and other.digest == self.digest


def _read_bytes(data: bytes, is_pdf: bool, depth: int = 0) -> Evidence:
    blob = _Blob(data)
    try:
        return _read(blob, is_pdf, depth)
    finally:
        blob.data = None  # a cache miss stored this key: it keeps the digest only


@functools.lru_cache(maxsize=4096)
def _read(blob: _Blob, is_pdf: bool, depth: int = 0) -> Evidence:
    data = blob.data or b""
    if len(data) > MAX_EVIDENCE:
        return Evidence(unreadable=f"文件超过 {MAX_EVIDENCE >> 20} MB")
    out = Evidence()
    try:
        if is_pdf:
            _pdf(data, out, time.monotonic() + SECONDS, depth)
        else:
            _image(data, out)
    except Exception as exc:  # noqa: BLE001 - any damaged file is a finding, not a crash
        out.missed(f"文件无法打开（{type(exc).__name__}）")
    return out


def _text(value) -> str | None:
    """A metadata value as text: str as it is; bytes as EXIF UserComment's coded text, UTF-16
    (the Windows XP* tags) or UTF-8."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes):
        return None
    code, body = value[:8], value[8:]
    if code == b"UNICODE\0":  # UTF-16 in the file's byte order: a Chinese text has a zero byte first
        return body.decode("utf-16-be" if body[:1] == b"\0" else "utf-16-le", "replace")
    if code in (b"ASCII\0\0\0", b"\0" * 8):
        value = body
    if len(value) >= 2 and value.count(b"\0") * 3 >= len(value):
        return value.decode("utf-16-le", "replace").rstrip("\0")
    return value.decode("utf-8", "replace")


# Runs of text inside binary data: UTF-8 (ASCII included) and UTF-16LE (Windows tags, CJK in the
# 4E00–9FFF block). Eight characters at least: a phone number or an e-mail is longer, and random
# bytes rarely make such a run.
_UTF8_RUN = re.compile(rb"(?:[\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}){8,}")
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00|[\x00-\xff][\x4e-\x9f]){8,}")


def _add_raw(out: Evidence, where: str, data: bytes) -> None:
    text = raw_text(data)
    if text:
        out.texts.append((where, text))


def raw_text(data: bytes) -> str:
    """The text runs of a binary block, one per line: what a hex viewer would show a person."""
    runs = [m.group().decode("utf-8", "replace") for m in _UTF8_RUN.finditer(data)]
    runs += [m.group().decode("utf-16-le", "replace") for m in _UTF16_RUN.finditer(data)]
    return "\n".join(runs)


XP_TAGS = range(0x9C9B, 0x9CA0)  # XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16 bytes


def _exif(exif, out: Evidence) -> None:
    """Every text tag of an EXIF block (its Exif and thumbnail directories included) and its GPS."""
    from PIL import ExifTags

    tags = dict(exif.items())
    for ifd in (ExifTags.IFD.Exif, ExifTags.IFD.IFD1):
        try:
            tags.update(exif.get_ifd(ifd))
        except (KeyError, ValueError, TypeError):
            pass
    for tag, value in tags.items():
        if tag in XP_TAGS and isinstance(value, tuple) and all(isinstance(v, int) for v in value):
            value = bytes(value)  # some writers store them as a tuple of byte values
        text = _text(value)
        if text and text.strip():
            out.texts.append((f"照片信息（{ExifTags.TAGS.get(tag, tag)}）", text))
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps and (2 in gps or 4 in gps):  # GPSLatitude, GPSLongitude
        out.location = True


def _exif_block(payload: bytes, out: Evidence) -> None:
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(payload)
        _exif(exif, out)
    except Exception:  # noqa: BLE001 - a damaged block: its text runs are still read
        _add_raw(out, "照片信息", payload)


def _image(data: bytes, out: Evidence) -> None:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # decompression-bomb and format warnings: no pixel is decoded
        with Image.open(io.BytesIO(data)) as im:  # a file no viewer opens is unreadable
            fmt = im.format
            if fmt not in ("JPEG", "MPO", "PNG"):  # the formats walked below read every block themselves
                _exif(im.getexif(), out)
                for key, value in im.info.items():
                    text = _text(value) if isinstance(value, (str, bytes)) else None
                    if text and text.strip() and key not in ("exif", "icc_profile"):
                        out.texts.append((f"文件信息（{key}）", text))
    if fmt in ("JPEG", "MPO"):
        _jpeg(data, out)
    elif fmt == "PNG":
        _png(data, out)
    else:
        _add_raw(out, "文件中的文字", data)


_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # a JPEG marker after entropy-coded data


def _jpeg(data: bytes, out: Evidence) -> None:
    """Every segment of a JPEG — those after the pixels, of a second image (MPO, thumbnails) and
    what trails the end marker included. EXIF blocks are parsed, the rest read as text runs
    (comments, XMP, IPTC captions in Photoshop's block, unknown application segments)."""
    pos, n = 2, len(data)
    while pos + 4 <= n:
        if data[pos] != 0xFF:
            m = _MARKER.search(data, pos)
            if not m:
                break
            pos = m.start()
            continue
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:  # end of image: another image may follow, else the trailing bytes
            pos += 2
            if data.startswith(b"\xff\xd8", pos):
                pos += 2
                continue
            if pos < n:
                _add_raw(out, "文件末尾附加的内容", data[pos:])
            return
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        payload = data[pos + 4:pos + 2 + length]
        if payload.startswith(b"Exif\0\0"):
            _exif_block(payload, out)
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            where = "文件信息（注释）" if marker == 0xFE else f"文件信息（APP{marker - 0xE0}）"
            _add_raw(out, where, payload)
        pos += 2 + max(length, 2)
        if marker == 0xDA:  # start of scan: the compressed pixels run to the next marker
            m = _MARKER.search(data, pos)
            pos = m.start() if m else n


_PNG_TEXT = {b"tEXt", b"zTXt", b"iTXt"}


def _png(data: bytes, out: Evidence) -> None:
    """Every chunk of a PNG but the pixels (IDAT), before or after them, and what trails IEND."""
    pos, n = 8, len(data)
    while pos + 8 <= n:
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind in (b"IDAT", b"IHDR", b"PLTE", b"IEND"):
            if kind == b"IEND":
                break
            continue
        if kind == b"eXIf":
            _exif_block(b"Exif\0\0" + body, out)
        elif kind in _PNG_TEXT:
            out.texts.append((f"文件信息（{kind.decode()}）", _png_text(kind, body, out)))
        else:
            _add_raw(out, f"文件信息（{kind.decode('latin-1')}）", body)
    if pos < n:
        _add_raw(out, "文件末尾附加的内容", data[pos:])


def _png_text(kind: bytes, body: bytes, out: Evidence) -> str:
    key, _, rest = body.partition(b"\0")
    if kind == b"tEXt":
        return f"{key.decode('latin-1')} {rest.decode('latin-1')}"
    if kind == b"zTXt":
        compressed, text = True, rest[1:]
    else:  # iTXt: flag, method, language\0, translated keyword\0, text
        compressed, text = rest[:1] == b"\1", rest[2:].split(b"\0", 2)[-1]
    if compressed:
        z = zlib.decompressobj()
        try:
            text = z.decompress(text, TEXT_MAX)
        except zlib.error:
            out.missed("PNG 文字块无法解压")
            return ""
        if z.unconsumed_tail:
            out.missed("PNG 文字块过长")
    return f"{key.decode('latin-1')} {text.decode('utf-8' if kind == b'iTXt' else 'latin-1', 'replace')}"


# A PDF's strings as written in the file: properties, annotations and field values of every
# revision, earlier ones an incremental save left behind included (pypdf reads the last one).
_PDF_STRING = re.compile(rb"/(Author|Creator|Producer|Title|Subject|Keywords|Contents|T|TU|V|RC|URI)\s*"
                         rb"(\((?:[^()\\]|\\.|\((?:[^()\\]|\\.){0,4096}\)){0,8192}\)|<[0-9A-Fa-f\s]{0,16384}>)")


def _pdf_literal(raw: bytes) -> str:
    if raw[:1] == b"<":
        try:
            raw = bytes.fromhex(raw[1:-1].decode())
        except ValueError:
            return ""
    else:
        raw = re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8) & 0xFF]) if m.group(1)[:1].isdigit()
                     else {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1)), raw[1:-1], flags=re.S)
    if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return raw.decode("utf-16", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _pdf(data: bytes, out: Evidence, deadline: float, depth: int) -> None:

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is our finding, not a log line
    try:
        _pdf_structure(data, out, deadline, depth)
    finally:  # what the structure did not give (earlier revisions, a damaged index) the raw strings may
        written = [f"{m.group(1).decode()} {_pdf_literal(m.group(2))}" for m in _PDF_STRING.finditer(data)]
        if written:
            out.texts.append(("文档中写明的属性和注释（含早先版本）", "\n".join(written)))


def _pdf_structure(data: bytes, out: Evidence, deadline: float, depth: int) -> None:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone opens for reading
            out.missed("PDF 已加密，其中的文字无法读取")
            return
        for key, value in (reader.metadata or {}).items():
            if isinstance(value, str) and value.strip():
                out.texts.append((f"文档属性（{str(key).lstrip('/')}）", value))
        _guarded(out, "XMP", lambda: _xmp(reader, out))
        _guarded(out, "表单", lambda: out.texts.extend(
            (f"表单字段（{name}）", f"{name} {field.get('/V', '')}") for name, field in (reader.get_fields() or {}).items()))
        _guarded(out, "附件", lambda: _attachments(reader, out, depth))
        budget = TEXT_MAX
        pages = reader.pages
        if len(pages) > PDF_PAGES:
            out.missed(f"PDF 超过 {PDF_PAGES} 页，只读了前 {PDF_PAGES} 页")
        for number, page in enumerate(pages[:PDF_PAGES], 1):
            if time.monotonic() > deadline:
                out.missed(f"读取超时，第 {number} 页起未读")
                return
            _guarded(out, f"第 {number} 页", lambda page=page, number=number, budget=budget: _page(page, number, out, budget))
            budget = TEXT_MAX - sum(len(t) for _, t in out.texts)
            if budget <= 0:
                out.missed(f"文字超过 {TEXT_MAX} 字，第 {number} 页之后未读")
                return


def _xmp(reader, out: Evidence) -> None:
    xmp = reader.xmp_metadata
    if xmp is not None:
        out.texts.append(("文档属性（XMP）", xmp.stream.get_data().decode("utf-8", "replace")))


def _guarded(out: Evidence, part: str, read) -> None:
    """One part of a PDF read on its own: its failure is named, the other parts still read."""
    try:
        read()
    except Exception as exc:  # noqa: BLE001
        out.missed(f"{part}无法读取（{type(exc).__name__}）")


def _page(page, number: int, out: Evidence, budget: int) -> None:
    size = sum(len(part.get_object().get_data()) for part in _contents(page))
    if size > PAGE_CONTENT_MAX:
        out.missed(f"第 {number} 页的内容过大（{size >> 10} KB），未读")
        return
    text = page.extract_text() or ""
    if text.strip():
        out.texts.append((f"第 {number} 页文字", text[:budget]))
    for annot in page.get("/Annots") or []:
        annot = annot.get_object()
        for key in ("/Contents", "/T", "/Subj", "/RC", "/TU"):
            value = annot.get(key)
            if isinstance(value, str) and value.strip():
                out.texts.append((f"第 {number} 页批注", str(value)))
        action = annot.get("/A")
        uri = action.get_object().get("/URI") if action is not None else None
        if isinstance(uri, str):
            out.texts.append((f"第 {number} 页链接", uri))


def _contents(page) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object()
    return list(contents) if isinstance(contents, list) else [contents]


def _attachments(reader, out: Evidence, depth: int) -> None:
    for name, bodies in reader.attachments.items():
        out.texts.append(("PDF 附件名称", name))
        for body in bodies:
            if depth >= NESTED:
                out.missed("附件嵌套过深，未读")
                return
            inner = _read_bytes(bytes(body), body[:5] == b"%PDF-", depth + 1) if body[:5] == b"%PDF-" or _is_image(body) \
                else Evidence(texts=[("", body[:TEXT_MAX].decode("utf-8", "replace"))])
            out.texts.extend((f"PDF 附件 {name}{'：' + where if where else ''}", text) for where, text in inner.texts)
            out.location = out.location or inner.location
            if inner.unreadable:
                out.missed(f"附件 {name}：{inner.unreadable}")


def _is_image(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n"


def evidence_findings(rel: str, evidence: Evidence, note: str = "") -> list[Finding]:
    """The personal data an evidence file's metadata and text hold, its GPS position, and what of
    it could not be read, as findings at the file (`note` ends each message: where in Git history
    it was found)."""
    out, seen = [], set()
    for where, text in evidence.texts:
        for rule, value in scan_text(text):
            if (rule, value) not in seen:
                seen.add((rule, value))
                out.append(Finding(rel, 0, 0, "error", rule, f"佐证材料的{where}" + MESSAGES[rule].format(value=value)
                                   + "。照片和扫描件的文件信息随文件一起公开：请删除后重新上传（截图或“另存为”可去掉这些信息）"
                                   + note))
    if evidence.location:
        out.append(Finding(rel, 0, 0, "error", "privacy.location",
                           "照片含拍摄地点（GPS 定位）信息：公开后任何人都能看到拍摄者何时到过何处。请去除照片的位置信息"
                           "（手机相机关闭“位置标签”，或截图后上传）后重新提交" + note))
    if evidence.unreadable:
        out.append(Finding(rel, 0, 0, "error", "privacy.evidence-unreadable",
                           f"佐证材料未能完整检查（{evidence.unreadable}），其中可能含有个人信息而未被发现。"
                           f"请上传可读的版本：图片用 JPG 或 PNG；PDF 不加密、不超过 {MAX_EVIDENCE >> 20} MB、"
                           f"{PDF_PAGES} 页以内（可“打印为 PDF”或“另存为”重新生成）" + note))
    return out
