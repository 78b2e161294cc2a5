"""Evidence files (photos and scans under programs/<id>/evidence/) as the text they carry.

The registry is public, and a photo or PDF says more than its pixels: a phone camera writes the
place it was taken (EXIF GPS), the owner's name and comments into the file; a PDF carries its
author and its text. What can be read without looking at the picture is read here, so the
privacy check can judge it like any other text: Pillow for the metadata of JPEG, PNG and the
other image formats, pypdf for a PDF's document information, XMP and the text of its first pages.
What is in the pixels (an ID card photographed) is still for the reviewer's eyes.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field

from ..findings import Finding
from ..personal import MESSAGES
from ..personal import scan as scan_text

PDF_PAGES = 20  # the text of the first pages: a service record's scan is a few pages
PDF_TEXT_MAX = 200_000  # characters: what a longer text adds is not read


@dataclass
class Evidence:
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, in Chinese; the text)
    location: bool = False  # GPS tags: where it was taken (never printed: that is the personal part)
    unreadable: str | None = None  # why nothing could be read (a damaged or unknown file)


MAX_EVIDENCE = 16 << 20  # bytes: a larger file is left to the reviewer
IMAGE_HEAD = 1 << 20  # what a photo's metadata needs: EXIF, comments and XMP come before the pixels


def evidence_limit(name: str) -> int:
    """How much of an evidence file is read: a PDF whole (its index is at the end), a photo's head."""
    return MAX_EVIDENCE if name.lower().endswith(".pdf") else IMAGE_HEAD


def read_evidence(data: bytes, name: str) -> Evidence:
    """The texts an evidence file carries beside its pixels. Never raises: a file that cannot be
    read says why in `unreadable`."""
    if len(data) > MAX_EVIDENCE:
        return Evidence(unreadable="too large")
    try:
        if name.lower().endswith(".pdf") or data[:5] == b"%PDF-":
            return _pdf(data)
        return _image(data)
    except Exception as exc:  # noqa: BLE001 - any damaged file is a finding, not a crash
        return Evidence(unreadable=type(exc).__name__)


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


XP_TAGS = range(0x9C9B, 0x9CA0)  # XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16 bytes


def _image(data: bytes) -> Evidence:
    from PIL import ExifTags, Image

    out = Evidence()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # decompression-bomb and format warnings: no pixel is decoded
        with Image.open(io.BytesIO(data)) as im:
            exif = im.getexif()
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
            for key, value in im.info.items():  # PNG text chunks, JPEG comments, XMP packets
                text = _text(value) if isinstance(value, (str, bytes)) else None
                if text and text.strip() and key not in ("exif", "icc_profile"):
                    out.texts.append((f"文件信息（{key}）", text))
    return out


def _pdf(data: bytes) -> Evidence:
    from pypdf import PdfReader

    out = Evidence()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is our finding, not a log line
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return Evidence(unreadable="encrypted")
        for key, value in (reader.metadata or {}).items():
            if isinstance(value, str) and value.strip():
                out.texts.append((f"文档属性（{str(key).lstrip('/')}）", value))
        xmp = reader.xmp_metadata
        if xmp is not None:
            out.texts.append(("文档属性（XMP）", xmp.stream.get_data().decode("utf-8", "replace")))
        budget = PDF_TEXT_MAX
        for number, page in enumerate(reader.pages[:PDF_PAGES], 1):
            text = page.extract_text() or ""
            if text.strip():
                out.texts.append((f"第 {number} 页文字", text[:budget]))
                budget -= len(text)
                if budget <= 0:
                    break
    return out


def evidence_findings(rel: str, evidence: Evidence, note: str = "") -> list[Finding]:
    """The personal data an evidence file's metadata and text hold, and its GPS position, as
    findings at the file (`note` ends each message: where in Git history it was found)."""
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
    return out
