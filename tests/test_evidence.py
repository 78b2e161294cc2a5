"""Evidence files carry more than their pixels: a phone photo's EXIF (GPS position, owner,
comments), a PNG's text chunks, a PDF's properties and text. A pull request that adds or replaces
one is judged on all of that, and so is every version its commits put into Git history; what
only the pixels show is still named for the reviewer."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from techserve.loader.evidence import read_evidence

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


def test_a_damaged_file_is_named_for_the_reviewer_and_never_crashes(repo):
    add(repo, "broken.jpg", b"\xff\xd8\xff" + b"\0" * 100)
    add(repo, "broken.pdf", b"%PDF-1.4\n" + b"(" * 50_000, "broken pdf")
    assert privacy(repo) == []
    found = repo.findings("privacy.evidence-review")
    assert len(found) == 2 and all("无法打开" in f.message for f in found)


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


def test_an_encrypted_pdf_is_named_as_such(repo):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(f"Tel {MOBILE}"))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    add(repo, "locked.pdf", out.getvalue())
    assert privacy(repo) == []
    [f] = repo.findings("privacy.evidence-review")
    assert "已加密" in f.message


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


def test_a_large_photo_is_read_by_its_head(tree, monkeypatch):
    """A photo's metadata comes before its pixels: a 3 MB photo is read only as far as it needs."""
    from techserve.loader import evidence as reading
    from techserve.registry import registry as loading

    from .snippets import base

    base(tree)
    (tree.root / "submissions/programs/p/evidence").mkdir(parents=True)
    big = jpeg(description=f"联系人 {MOBILE}") + b"\0" * (3 << 20)  # trailing bytes a viewer ignores
    (tree.root / "submissions/programs/p/evidence/big.jpg").write_bytes(big)
    sizes = []
    real = reading.read_evidence
    monkeypatch.setattr(loading, "read_evidence", lambda data, name: sizes.append(len(data)) or real(data, name))
    assert [f.rule for f in tree.findings() if f.rule.startswith("privacy.")] == ["privacy.mobile"]
    assert sizes and max(sizes) <= reading.IMAGE_HEAD + 1
