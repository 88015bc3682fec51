"""Tests for helpers.base.style: files written, byte-reproducible, captions readable."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.base import paths
from helpers.base import style as figures
from helpers.base.style import PALETTE, STYLE, read_caption, read_captions, save_figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def make_figure(title: str = "Documents per year", suptitle: str = "") -> Figure:
    """Return a small figure with a line, bars, text, legend and a clipped patch."""
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([2003, 2004, 2005], [1, 3, 2], label="trafficking")
    ax.bar([2003, 2004, 2005], [2, 1, 4], label="smuggling", alpha=0.5)
    ax.text(2004, 2.5, "OSCE – Ministerial Council")
    ax.set_xlabel("Year")
    ax.set_ylabel("Documents")
    if title:
        ax.set_title(title)
    if suptitle:
        fig.suptitle(suptitle)
    ax.legend()
    return fig


def make_data() -> pd.DataFrame:
    """Return the data behind :func:`make_figure`."""
    return pd.DataFrame(
        {"year": [2003, 2004, 2005], "trafficking": [1, 3, 2], "share": [0.5, 0.25, 1 / 3]}
    )


def png_text_keys(data: bytes) -> list[str]:
    """Return the keywords of the text chunks (tEXt, iTXt, zTXt) of a PNG file."""
    assert data.startswith(PNG_SIGNATURE)
    keys = []
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            keys.append(body.split(b"\0", 1)[0].decode("latin-1"))
        pos += 12 + length
    return keys


def test_palette_is_okabe_ito_hex() -> None:
    assert len(PALETTE) == 8
    assert all(re.fullmatch(r"#[0-9A-F]{6}", colour) for colour in PALETTE)
    assert STYLE["axes.prop_cycle"].by_key()["color"] == PALETTE


def test_save_figure_writes_png_svg_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "new" / "figures"
    result = save_figure(make_figure(), make_data(), "01_timeline", "A caption.", folder)
    assert result is None
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "01_timeline.csv", "01_timeline.pdf", "01_timeline.png", "01_timeline.svg", "captions.csv"
    ]  # fmt: skip
    assert (folder / "01_timeline.png").read_bytes().startswith(PNG_SIGNATURE)
    assert (folder / "01_timeline.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (folder / "01_timeline.csv").read_bytes() == (
        b"year,trafficking,share\n2003,1,0.5\n2004,3,0.25\n2005,2,0.3333333333333333\n"
    )
    out = capsys.readouterr().out
    assert out == "Saved 01_timeline.png, .svg, .pdf, .csv\n"
    assert str(tmp_path) not in out


def test_save_figure_defaults_to_figures_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(paths.FIGURES_ENV, str(tmp_path))
    save_figure(make_figure(), make_data(), "02_default", "Caption.")
    assert (tmp_path / "02_default.svg").is_file()


def test_test_session_never_writes_to_repo_figures() -> None:
    folder = paths.figures_dir().resolve()
    assert not folder.is_relative_to(paths.REPO_ROOT)


def test_same_figure_twice_gives_identical_bytes(tmp_path: Path) -> None:
    fig, data = make_figure(), make_data()
    save_figure(fig, data, "01_timeline", "Caption.", tmp_path / "a")
    save_figure(fig, data, "01_timeline", "Caption.", tmp_path / "b")
    for suffix in (".png", ".svg", ".pdf", ".csv"):
        first = (tmp_path / "a" / f"01_timeline{suffix}").read_bytes()
        second = (tmp_path / "b" / f"01_timeline{suffix}").read_bytes()
        assert first == second, suffix


def test_fresh_processes_give_identical_bytes(tmp_path: Path) -> None:
    """Random ids (svg.hashsalt) or dates would differ between two processes."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        sys.path.insert(0, sys.argv[2])
        from test_figures import make_data, make_figure
        from helpers.base.style import save_figure, use_style
        use_style()
        save_figure(make_figure(), make_data(), "01_timeline", "Caption.", Path(sys.argv[1]))
        """
    )
    tests_dir = str(Path(__file__).parent)
    for folder in ("a", "b"):
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / folder), tests_dir],
            check=True,
            capture_output=True,
        )
    for suffix in (".png", ".svg", ".pdf", ".csv"):
        first = (tmp_path / "a" / f"01_timeline{suffix}").read_bytes()
        second = (tmp_path / "b" / f"01_timeline{suffix}").read_bytes()
        assert first == second, suffix


def test_png_has_no_software_chunk(tmp_path: Path) -> None:
    save_figure(make_figure(), make_data(), "01_timeline", "Caption.", tmp_path)
    keys = png_text_keys((tmp_path / "01_timeline.png").read_bytes())
    assert "Software" not in keys
    assert b"matplotlib" not in (tmp_path / "01_timeline.png").read_bytes().lower()


def test_svg_has_no_date_or_version(tmp_path: Path) -> None:
    save_figure(make_figure(), make_data(), "01_timeline", "Caption.", tmp_path)
    svg = (tmp_path / "01_timeline.svg").read_text(encoding="utf-8")
    assert "dc:date" not in svg
    assert not re.search(r"\d{4}-\d{2}-\d{2}", svg)
    assert "Matplotlib v" not in svg
    # svg.fonttype "none": text stays text a reader can copy, set in DejaVu Sans
    assert "<text" in svg
    assert "font-family: 'DejaVu Sans'" in svg


@pytest.mark.parametrize(
    "name", ["timeline", "1_timeline", "001_timeline", "01-timeline", "01_Timeline", "01_", ""]
)
def test_bad_name_raises(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="must look like '01_timeline'"):
        save_figure(make_figure(), make_data(), name, "Caption.", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_read_caption_round_trips(tmp_path: Path) -> None:
    caption = 'Share of sentences on <smuggling>, "trafficking" | per year,\n2003–2017.'
    save_figure(make_figure(title="Per year"), make_data(), "01_a", caption, tmp_path)
    assert read_caption(tmp_path / "01_a.svg") == ("Per year", caption)


def test_read_caption_prefers_suptitle_then_name(tmp_path: Path) -> None:
    save_figure(make_figure(suptitle="Overall"), make_data(), "01_b", "C.", tmp_path)
    assert read_caption(tmp_path / "01_b.svg") == ("Overall", "C.")
    save_figure(make_figure(title=""), make_data(), "01_c", "", tmp_path)
    assert read_caption(tmp_path / "01_c.svg") == ("01_c", "")
    assert read_caption(tmp_path / "01_missing.svg") == ("", "")


def test_captions_keep_the_last_and_tidy_to_the_figures_there(tmp_path: Path) -> None:
    for name, caption in (("02_b", "Old."), ("01_a", "A."), ("03_c", "C."), ("02_b", "New.")):
        save_figure(make_figure(title=name), make_data(), name, caption, tmp_path)
    (tmp_path / "03_c.svg").unlink()
    for suffix in (".png", ".pdf", ".csv"):
        (tmp_path / f"03_c{suffix}").unlink()
    assert read_captions(tmp_path, keep={"01_a", "02_b"}) == {
        "01_a": ("01_a", "A."), "02_b": ("02_b", "New.")
    }  # fmt: skip
    text = (tmp_path / "captions.csv").read_text(encoding="utf-8")
    assert text == "name,title,caption\n01_a,01_a,A.\n02_b,02_b,New.\n"
    save_figure(make_figure(title="01_a"), make_data(), "01_a", "A.", tmp_path)
    assert (tmp_path / "captions.csv").read_text(encoding="utf-8") == text  # a rerun: no change


def test_import_leaves_rcparams_unchanged() -> None:
    """Importing helpers.base.style (in a fresh process) must not change matplotlib's settings."""
    script = textwrap.dedent(
        """
        import matplotlib
        before = {key: repr(value) for key, value in matplotlib.rcParams.items()}
        import helpers.base.style
        after = {key: repr(value) for key, value in matplotlib.rcParams.items()}
        changed = sorted(key for key in before if before[key] != after[key])
        print(changed)
        helpers.base.style.use_style()
        print(matplotlib.rcParams["svg.hashsalt"])
        """
    )
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, env=env
    )
    assert result.stdout.splitlines() == ["[]", STYLE["svg.hashsalt"]]


def test_use_style_applies_style() -> None:
    import matplotlib as mpl

    with mpl.rc_context():
        figures.use_style()
        for key in ("svg.hashsalt", "svg.fonttype", "figure.dpi", "savefig.dpi"):
            assert mpl.rcParams[key] == STYLE[key]
        assert mpl.rcParams["axes.prop_cycle"] == STYLE["axes.prop_cycle"]


def test_png_is_300_dpi_and_pdf_has_no_date_and_keeps_its_text(tmp_path: Path) -> None:
    from PIL import Image

    save_figure(make_figure(), make_data(), "01_timeline", "Caption.", tmp_path)
    with Image.open(tmp_path / "01_timeline.png") as image:
        assert [round(v) for v in image.info["dpi"]] == [300, 300]
    pdf = (tmp_path / "01_timeline.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    assert b"matplotlib" not in pdf.lower()
    assert b"/FontFile2" in pdf  # TrueType embedded: text that can be selected and copied


def test_percent_axis_writes_shares_in_per_cent() -> None:
    import matplotlib.pyplot as plt

    from helpers.base.style import percent_axis

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 0.5])
    percent_axis(ax.yaxis)
    percent_axis(ax.xaxis, points=True)
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "25%"
    assert ax.xaxis.get_major_formatter()(0.12, 0) == "+12"
    plt.close(fig)
