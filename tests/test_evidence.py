"""Evidence files carry more than their pixels: a phone photo's EXIF (GPS position, owner,
comments), a PNG's text chunks, a PDF's properties and text. A pull request that adds or replaces
one is judged on all of that, and so is every version its commits put into Git history; what
only the pixels show is still named for the reviewer."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from techserve.loader.evidence import evidence_findings, read_evidence

from .test_workflow import JJ, Repo

MOBILE = "13812345678"


@pytest.fixture
def repo(example) -> Repo:
    return Repo(example)


def jpeg(description: str | None = None, gps: bool = False, comment: bytes | None = None) -> bytes:
    exif = Image.Exif()
    if description:
        exif[0x010E] = description  # ImageDescription
    if comment is not None:
        exif[0x9C9C] = comment  # XPComment, as Windows writes it: UTF-16
    if gps:
        exif[0x8825] = {1: "N", 2: (29.0, 42.0, 30.0), 3: "E", 4: (116.0, 0.0, 10.0)}
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(**texts: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in texts.items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf(text: str, author: str = "") -> bytes:
    """A one-page PDF with `text` on its page in a standard font, and an Author property."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", f"<< /Author ({author}) >>"]
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        raw = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream) if body is None else body.encode()
        out += b"%d 0 obj\n%s\nendobj\n" % (number, raw)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def add(repo, name: str, data: bytes, message: str = "evidence") -> str:
    folder = repo.root / f"submissions/{JJ}/evidence"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    repo.commit(message)
    return f"submissions/{JJ}/evidence/{name}"


def privacy(repo):
    return [f for f in repo.findings() if f.rule.startswith("privacy.") and f.rule != "privacy.evidence-review"]


def test_a_clean_photo_is_only_named_for_the_reviewer(repo):
    rel = add(repo, "visit.jpg", jpeg(description="入企服务现场"))
    assert privacy(repo) == []
    assert [(f.file, f.severity) for f in repo.findings("privacy.evidence-review")] == [(rel, "info")]


def test_a_mobile_in_a_photos_description_is_an_error_printed_masked(repo):
    rel = add(repo, "visit.jpg", jpeg(description=f"联系人 {MOBILE}"))
    found = privacy(repo)
    assert [(f.file, f.rule, f.severity) for f in found] == [(rel, "privacy.mobile", "error")]
    assert MOBILE not in found[0].message and "138****5678" in found[0].message
    assert "照片信息（ImageDescription）" in found[0].message
    assert repo.findings("privacy.evidence-review")  # the pixels still want a reviewer


def test_a_windows_comment_in_utf16_is_read(repo):
    add(repo, "visit.jpg", jpeg(comment=f"张伟手机{MOBILE}".encode("utf-16-le")))
    assert [f.rule for f in privacy(repo)] == ["privacy.mobile"]


def test_a_photo_with_its_gps_position_is_an_error_that_does_not_print_it(repo):
    rel = add(repo, "visit.jpg", jpeg(gps=True))
    found = privacy(repo)
    assert [(f.file, f.rule) for f in found] == [(rel, "privacy.location")]
    assert "29" not in found[0].message and "116" not in found[0].message


def test_text_chunks_of_a_png(repo):
    add(repo, "sheet.png", png(Author="李四 lisi@hust.edu.cn", Comment="签到表"))
    assert [f.rule for f in privacy(repo)] == ["privacy.email"]


def test_a_pdfs_text_and_properties(repo):
    add(repo, "report.pdf", pdf(f"Tel {MOBILE}", author="Li Si 13912345670"))
    found = privacy(repo)
    assert sorted(f.rule for f in found) == ["privacy.mobile", "privacy.mobile"]
    assert any("第 1 页文字" in f.message for f in found) and any("文档属性（Author）" in f.message for f in found)
    add(repo, "clean.pdf", pdf("Service report, 2026-11"), "clean pdf")
    assert all(f.file.endswith("report.pdf") for f in privacy(repo))


def test_a_damaged_file_is_an_error_and_never_crashes(repo):
    """Fails closed: what cannot be read may hide personal data, so it is an error, not a note."""
    add(repo, "broken.jpg", b"\xff\xd8\xff" + b"\0" * 100)
    add(repo, "broken.pdf", b"%PDF-1.4\n" + b"(" * 50_000, "broken pdf")
    found = privacy(repo)
    assert sorted((f.file.rsplit("/", 1)[1], f.rule, f.severity) for f in found) == [
        ("broken.jpg", "privacy.evidence-unreadable", "error"), ("broken.pdf", "privacy.evidence-unreadable", "error")]
    assert all("无法打开" in f.message for f in found)
    assert len(repo.findings("privacy.evidence-review")) == 2


def test_a_photo_replaced_in_a_later_commit_is_still_in_history(repo):
    rel = add(repo, "visit.jpg", jpeg(description=f"联系人 {MOBILE}", gps=True), "first photo")
    add(repo, "visit.jpg", jpeg(description="入企服务现场"), "replaced")
    found = privacy(repo)
    assert sorted(f.rule for f in found) == ["privacy.location", "privacy.mobile"]
    assert all(f.file == rel and "历史" in f.message for f in found)


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n" + b"\xff" * 64, b"%PDF-" + b"\0" * 10, b"GIF89a"])
def test_reading_never_raises(data):
    found = read_evidence(data, "x.png")
    assert found.texts == [] and not found.location and found.unreadable


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>zhang@hust.edu.cn</dc:creator>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>')


def _saved(fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, fmt, **options)
    return out.getvalue()


def _compressed_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", "身份证 11010519491231002X", zip=True)  # a zTXt chunk
    return _saved("PNG", pnginfo=info)


@pytest.mark.parametrize(("data", "rule"), [
    (_saved("JPEG", comment=f"联系电话 {MOBILE}".encode()), "privacy.mobile"),  # a JPEG COM segment
    (_saved("JPEG", xmp=XMP), "privacy.email"),
    (_compressed_text(), "privacy.id-number"),
])
def test_comments_xmp_and_compressed_text_are_read(repo, data, rule):
    add(repo, "item.png", data)
    assert [f.rule for f in privacy(repo)] == [rule]


def _encrypted(user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(f"Tel {MOBILE}"))))
    writer.encrypt(user, owner)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_locked_with_a_password_is_an_error(repo):
    add(repo, "locked.pdf", _encrypted("secret", "secret"))
    [f] = privacy(repo)
    assert f.rule == "privacy.evidence-unreadable" and "已加密" in f.message and f.severity == "error"


def test_a_pdf_with_only_an_owner_password_is_read(repo):
    """Anyone can open it (the owner password only restricts printing and editing), so we read it."""
    add(repo, "restricted.pdf", _encrypted("", "owner-only"))
    assert [f.rule for f in privacy(repo)] == ["privacy.mobile"]


def test_the_full_check_reads_evidence_too(tree):
    """`techserve check` without --base (the pre-commit hook, the site build) reads what the
    photos carry as well, and the cached run gives the same (conftest.check runs it three ways)."""
    from .snippets import base

    base(tree)
    (tree.root / "submissions/programs/p/evidence").mkdir(parents=True)
    (tree.root / "submissions/programs/p/evidence/visit.jpg").write_bytes(jpeg(description=f"联系人 {MOBILE}", gps=True))
    (tree.root / "submissions/programs/p/evidence/clean.jpg").write_bytes(jpeg(description="入企服务现场"))
    found = [f for f in tree.findings() if f.rule.startswith("privacy.")]
    assert sorted((f.file.rsplit("/", 1)[1], f.rule) for f in found) == [
        ("visit.jpg", "privacy.location"), ("visit.jpg", "privacy.mobile")]


def test_a_photo_on_main_replaced_by_one_with_its_position(repo):
    """The change check reuses main's results for evidence git vouches for unchanged, and reads a
    replaced one again (conftest.check compares the reused run with a plain one)."""
    rel = add(repo, "visit.jpg", jpeg(description="入企服务现场"), "a clean photo on main")
    repo.git("branch", "-f", "base")
    assert privacy(repo) == []
    add(repo, "visit.jpg", jpeg(gps=True), "the same photo, with its position")
    assert [(f.file, f.rule) for f in privacy(repo)] == [(rel, "privacy.location")]


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _after_pixels(photo: bytes, *segments: bytes) -> bytes:
    """Segments inserted just before the end marker: after 1.1 MB of scan data a viewer ignores."""
    assert photo.endswith(b"\xff\xd9")
    return photo[:-2] + b"\x55" * 1_100_000 + b"".join(segments) + b"\xff\xd9"


def test_metadata_after_the_pixels_is_read(tree):
    """GPS and a mobile number in an EXIF block behind 1.1 MB of image data (attack 2): the whole
    file is read, every segment walked, and the full check finds both."""
    from PIL import Image

    from .snippets import base

    base(tree)
    exif = Image.Exif()
    exif[0x010E] = f"联系人 {MOBILE}"
    exif[0x8825] = {1: "N", 2: (29.0, 42.0, 30.0), 3: "E", 4: (116.0, 0.0, 10.0)}
    late = _after_pixels(jpeg(description="入企服务现场"), _segment(0xE1, b"Exif\0\0" + exif.tobytes()))
    (tree.root / "submissions/programs/p/evidence").mkdir(parents=True)
    (tree.root / "submissions/programs/p/evidence/late.jpg").write_bytes(late)
    found = [f.rule for f in tree.findings() if f.rule.startswith("privacy.")]
    assert sorted(found) == ["privacy.location", "privacy.mobile"]


def _iptc_caption(text: str) -> bytes:
    """Photoshop's APP13 block holding an IPTC caption (2:120), as photo desks write it."""
    record = b"\x1c\x02\x78" + len(text.encode()).to_bytes(2, "big") + text.encode()
    resource = b"8BIM\x04\x04\0\0" + len(record).to_bytes(4, "big") + record
    return b"Photoshop 3.0\0" + resource


@pytest.mark.parametrize(("data", "rule"), [
    (_after_pixels(jpeg(), _segment(0xED, _iptc_caption(f"张伟 {MOBILE}"))), "privacy.mobile"),  # attack 4
    (jpeg()[:-2] + _segment(0xED, _iptc_caption(f"张伟 {MOBILE}")) + b"\xff\xd9", "privacy.mobile"),
    (jpeg() + "联系 zhangwei@hust.edu.cn".encode(), "privacy.email"),  # bytes after the end marker
    (_after_pixels(jpeg(), _segment(0xFE, f"手机 {MOBILE}".encode())), "privacy.mobile"),
])
def test_captions_comments_and_trailing_bytes_of_a_jpeg(repo, data, rule):
    add(repo, "visit.jpg", data)
    assert [f.rule for f in privacy(repo)] == [rule]


def test_png_text_after_the_image_data(repo):
    import struct
    import zlib

    image = png()
    chunk = b"tEXt" + b"Comment\0" + f"tel {MOBILE}".encode()
    late = image[:-12] + struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk)) + image[-12:]
    add(repo, "sheet.png", late)
    assert [f.rule for f in privacy(repo)] == ["privacy.mobile"]


def _pdf_with(objects: list[str | bytes | None], pages: list[bytes], root_extra: str = "", info: int | None = None) -> bytes:
    """A PDF from raw objects: 1 catalog, 2 pages, 3.. one page each with its content stream after
    the pages; then `objects` (bytes: a stream). Pages use font F1 (object numbers follow)."""
    n = len(pages)
    font = 3 + 2 * n
    body: list[bytes] = [f"<< /Type /Catalog /Pages 2 0 R {root_extra} >>".encode(),
                         f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(n))}] /Count {n} >>".encode()]
    for i, content in enumerate(pages):
        body.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> {{annots{i}}} >>".encode())
        body.append(content)
    body.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for extra in objects:
        body.append(extra if isinstance(extra, bytes) else str(extra).encode())
    out, offsets = b"%PDF-1.4\n", []
    for number, raw in enumerate(body, 1):
        offsets.append(len(out))
        if number >= 4 and number < 3 + 2 * n and number % 2 == 0 or (number > font and raw.startswith(b"STREAM")):
            data = raw.removeprefix(b"STREAM")
            filt = b" /Filter /FlateDecode" if data[:1] == b"\x78" else b""
            raw = b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filt, data)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, raw)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, trailer, xref)
    return out.replace(b"{annots0}", b"/Annots [%d 0 R]" % (font + 1) if b"/Subtype /Text" in out else b"").replace(
        b"{annots1}", b"")


def _text_page(text: str) -> bytes:
    return f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()


def test_one_bad_page_does_not_hide_the_others(repo):
    """A token bomb on page 2 (attack 3): page 1's text is still read, page 2 is named as not read,
    and the whole file takes a bounded time (attack 15)."""
    import time
    import zlib

    bomb = zlib.compress(b"0 0 Td " * 3_000_000, 9)  # 21 MB of operators in ~20 KB
    data = _pdf_with([], [_text_page(f"Tel {MOBILE}"), bomb])
    assert len(data) < 40_000
    started = time.perf_counter()
    found = read_evidence(data, "report.pdf")
    assert time.perf_counter() - started < 5
    assert found.unreadable and "第 2 页" in found.unreadable
    add(repo, "report.pdf", data)
    assert sorted(f.rule for f in privacy(repo)) == ["privacy.evidence-unreadable", "privacy.mobile"]


def test_annotations_form_fields_and_attachments_are_read(repo):
    """Attack 11: a sticky note on page 1, a filled form field, an attached text file."""
    note = f"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (call {MOBILE}) >>"
    field = "<< /FT /Tx /T (contact) /V (lisi@hust.edu.cn) /Rect [0 0 0 0] >>"
    attached = b"STREAM" + "身份证 11010519491231002X".encode()
    n = 1
    font = 3 + 2 * n
    objects = [note, field, attached,
               f"<< /Type /Filespec /F (ids.txt) /EF << /F {font + 3} 0 R >> >>",
               f"<< /Names [(ids.txt) {font + 4} 0 R] >>"]
    data = _pdf_with(objects, [_text_page("Service report")],
                     root_extra=f"/AcroForm << /Fields [{font + 2} 0 R] >> /Names << /EmbeddedFiles {font + 5} 0 R >>")
    texts = read_evidence(data, "form.pdf")
    assert texts.unreadable is None
    add(repo, "form.pdf", data)
    assert sorted(f.rule for f in privacy(repo)) == ["privacy.email", "privacy.id-number", "privacy.mobile"]


def test_an_earlier_revisions_author_is_read(repo):
    """An incremental save replaced the Info dictionary; the first revision's /Author stays in the file."""
    first = _pdf_with([f"<< /Author (Li Si {MOBILE}) >>"], [_text_page("Service report")], info=6)
    start = first.rindex(b"startxref\n") + len(b"startxref\n")
    prev = int(first[start:first.index(b"\n", start)])
    offset = len(first)
    update = b"7 0 obj\n<< /Author (Office) >>\nendobj\n"
    xref = offset + len(update)
    update += b"xref\n7 1\n%010d 00000 n \ntrailer\n<< /Size 8 /Root 1 0 R /Info 7 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        offset, prev, xref)
    from pypdf import PdfReader

    assert PdfReader(io.BytesIO(first + update)).metadata["/Author"] == "Office"  # what a viewer shows
    add(repo, "revised.pdf", first + update)
    assert [f.rule for f in privacy(repo)] == ["privacy.mobile"]


def test_a_file_over_the_size_cap_is_an_error(tree, monkeypatch):
    from techserve.loader import evidence as reading

    from .snippets import base

    base(tree)
    monkeypatch.setattr(reading, "MAX_EVIDENCE", 4096)
    monkeypatch.setattr("techserve.registry.registry.MAX_EVIDENCE", 4096)
    reading._read.cache_clear()
    (tree.root / "submissions/programs/p/evidence").mkdir(parents=True)
    (tree.root / "submissions/programs/p/evidence/big.jpg").write_bytes(jpeg() + b"\0" * 8192)
    found = [f for f in tree.findings() if f.rule.startswith("privacy.")]
    assert [(f.rule, "超过" in f.message) for f in found] == [("privacy.evidence-unreadable", True)]


def test_each_file_is_read_once_per_check(repo, monkeypatch):
    """The file check, the reviewer's note and the history scan share one reading of each file."""
    from techserve.loader import evidence as reading

    calls = []
    real = reading._pdf
    monkeypatch.setattr(reading, "_pdf", lambda *a: calls.append(1) or real(*a))
    reading._read.cache_clear()
    add(repo, "report.pdf", pdf(f"Tel {MOBILE}"))
    assert [f.rule for f in privacy(repo)] == ["privacy.mobile"]
    assert len(calls) == 1


def _hostile_files() -> dict[str, tuple[bytes, str]]:
    n = 2 << 20
    return {
        "nested string openers": (b"%PDF-1.4\n" + b"/T(" * (n // 3), "x.pdf"),
        "long strings": (b"%PDF-1.4\n" + (b"/T(" + b"a" * 9000) * (n // 9003), "x.pdf"),
        "hex strings": (b"%PDF-1.4\n" + (b"/T<" + b"0" * 17000) * (n // 17003), "x.pdf"),
        "escapes": (b"%PDF-1.4\n/T(" + b"\\" * n, "x.pdf"),
        "tiny jpeg segments": (jpeg()[:-2] + b"\xff\xfe\x00\x02" * (n // 4) + b"\xff\xd9", "x.jpg"),
        "text runs": (jpeg() + b"1" * 65000 + b" " * (n - 65000), "x.jpg"),
        "markers": (jpeg()[:-2] + b"\xff\x01" * (n // 2) + b"\xff\xd9", "x.jpg"),
        "png chunks": (png()[:-12] + b"\0\0\0\0tEXt\0\0\0\0" * (n // 12) + png()[-12:], "x.png"),
    }


@pytest.mark.parametrize("name", sorted(_hostile_files()))
def test_reading_is_bounded_on_hostile_files(name):
    """No pattern or walk is worse than linear: 2 MB of the worst shapes in well under the budget."""
    import time

    from techserve.loader import evidence as reading

    data, file = _hostile_files()[name]
    reading._read.cache_clear()
    started = time.perf_counter()
    found = read_evidence(data, file)
    took = time.perf_counter() - started
    assert took < 3.0, f"{name}: {took:.2f} s"
    assert found.unreadable is None or file.endswith(".pdf")  # the images are valid: the walk went through
    evidence_findings("x", found)  # the scan of what was read is bounded too
    assert time.perf_counter() - started < 6.0


def test_the_page_and_content_caps_at_their_boundaries(monkeypatch):
    """Up to the cap is read; one page, or one byte of a page's content, past it is named unread."""
    from techserve.loader import evidence as reading

    two = _pdf_with([], [_text_page("Service report"), _text_page(f"Tel {MOBILE}")])
    monkeypatch.setattr(reading, "PDF_PAGES", 2)
    reading._read.cache_clear()
    assert read_evidence(two, "x.pdf").unreadable is None
    monkeypatch.setattr(reading, "PDF_PAGES", 1)
    reading._read.cache_clear()
    assert "超过 1 页" in read_evidence(two, "x.pdf").unreadable
    size = len(_text_page("Service report"))
    one = _pdf_with([], [_text_page("Service report")])
    monkeypatch.setattr(reading, "PAGE_CONTENT_MAX", size)
    reading._read.cache_clear()
    assert read_evidence(one, "x.pdf").unreadable is None
    monkeypatch.setattr(reading, "PAGE_CONTENT_MAX", size - 1)
    reading._read.cache_clear()
    assert "第 1 页的内容过大" in read_evidence(one, "x.pdf").unreadable
