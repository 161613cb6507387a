"""Pictures in narrative: from the board folder only, with alternative text, PNG or JPEG."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from lscb_core._build.build import build_report
from lscb_core._hooks.manager import make_plugin_manager

from .boardfactory import make_board

_PM = make_plugin_manager(entry_points=False)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 200), (29, 79, 118)).save(out, format="PNG")
    return out.getvalue()


def test_a_picture_with_alt_text_is_in_the_document(tmp_path: Path) -> None:
    board = make_board(
        tmp_path / "b",
        {
            "narrative/context.md": "Referrals rose.\n\n![Referrals by month, rising from 40 to 65](images/referrals.png)\n",
            "images/referrals.png": _png(),
        },
    )
    out = tmp_path / "r.docx"
    result = build_report(board, output=out, pm=_PM)
    assert result.ok, [str(f) for f in result.errors]
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode()
    assert 'descr="Referrals by month, rising from 40 to 65"' in xml


@pytest.mark.parametrize(
    ("markdown", "files", "problem"),
    [
        ("![](images/referrals.png)", {"images/referrals.png": _png()}, "needs alternative text"),
        ("![A chart](../../secret.png)", {}, "is outside the board folder"),
        ("![A chart](/etc/passwd)", {}, "must be a path inside the period folder"),
        (
            "![A chart](https://example.org/x.png)",
            {},
            "must be a file in the board folder, not a web address",
        ),
        ("![A chart](images/missing.png)", {}, "does not exist in the board folder"),
        (
            "![A chart](images/fake.png)",
            {"images/fake.png": b"this is not a picture"},
            "is not a picture that can be read",
        ),
    ],
)
def test_pictures_that_are_refused(
    tmp_path: Path, markdown: str, files: dict[str, bytes], problem: str
) -> None:
    (tmp_path / "secret.png").write_bytes(_png())
    board = make_board(tmp_path / "b", {"narrative/context.md": f"Intro.\n\n{markdown}\n", **files})
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    (error,) = result.errors
    assert problem in error.message
    assert error.location is not None
    assert error.location.file.endswith("narrative/context.md")
    assert not (tmp_path / "r.docx").exists()


def test_a_link_out_of_the_board_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(_png())
    board = make_board(tmp_path / "b", {"narrative/context.md": "![A chart](images/link.png)\n"})
    (board / "2015-16" / "images").mkdir()
    (board / "2015-16" / "images" / "link.png").symlink_to(tmp_path / "secret.png")
    result = build_report(board, output=tmp_path / "r.docx", pm=_PM)
    assert not result.ok
    assert "is outside the board folder" in result.errors[0].message
