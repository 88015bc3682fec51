"""The sampler, the coding sheet and the codebook, on made-up units; the ``sample``
command on the seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.base import paths
from helpers.cli import main
from helpers.reading.framing import FRAMES
from helpers.validation.codebook import codebook_markdown
from helpers.validation.sample import allocate, draw_sample, rules_frame, sample_strata
from helpers.validation.sheets import (
    SHEET_COLUMNS,
    SHEET_ENCODING,
    coding_sheet,
    read_sheet,
)


def made_up_units(seed: int = 0) -> pd.DataFrame:
    """Three documents in three years; frames in uneven numbers, a third of units unframed."""
    rng = np.random.default_rng(seed)
    rows = []
    for doc, year in (("d1", 2003), ("d2", 2008), ("d3", 2015)):
        for sent in range(40):
            frame = rng.choice(["trafficking"] * 6 + ["nexus", "smuggling"] + [""] * 4)
            rows.append({"doc_id": doc, "sent_id": sent, "year": year, "frame": frame,
                         "text": f"{doc} sentence {sent}."})  # fmt: skip
    units = pd.DataFrame(rows)
    units["unit_id"] = units["doc_id"] + ":" + units["sent_id"].astype(str)
    return units


def test_allocate_gives_one_each_then_shares_in_proportion() -> None:
    rng = np.random.default_rng(0)
    sizes = pd.Series({"a": 60, "b": 30, "c": 2, "d": 0})
    taken = allocate(sizes, 12, rng)
    assert taken.to_dict() == {"a": 7, "b": 4, "c": 1, "d": 0}  # 1 each, then 9 as 60:30:2
    assert allocate(sizes, 500, rng).to_dict() == {"a": 60, "b": 30, "c": 2, "d": 0}
    assert allocate(sizes, 2, rng).sum() == 2


def test_the_sample_is_reproducible_and_independent_of_row_order() -> None:
    units = made_up_units()
    first = draw_sample(units, 30, seed=5)
    again = draw_sample(units.sample(frac=1, random_state=1), 30, seed=5)
    pd.testing.assert_frame_equal(first, again)
    other = draw_sample(units, 30, seed=6)
    assert set(other["unit_id"]) != set(first["unit_id"])
    assert other["sample_id"].iloc[0] != first["sample_id"].iloc[0]
    assert first["sample_id"].nunique() == 1
    assert first["item"].tolist() == list(range(1, 31))
    assert first["unit_id"].is_unique


def test_the_sample_covers_every_frame_and_year_and_keeps_the_unframed_share() -> None:
    units = made_up_units()
    sample = draw_sample(units, 30, seed=0, unframed_share=0.2)
    assert (sample["rules_frame"] == "none").sum() == 6
    framed = sample[sample["rules_frame"] != "none"]
    assert set(framed["rules_frame"]) == {"trafficking", "nexus", "smuggling"}
    assert set(sample["year"]) == {2003, 2008, 2015}
    # each unit stands for its stratum: the weights add up to the stratum's units
    strata = sample_strata(sample, units).set_index("stratum")
    weights = sample.groupby("stratum")["weight"].sum()
    for stratum, total in weights.items():
        assert total == pytest.approx(strata.at[stratum, "units"])
    assert strata["sampled"].sum() == 30


def test_a_short_group_is_made_up_by_the_other() -> None:
    units = made_up_units()
    unframed = int((rules_frame(units) == "none").sum())
    sample = draw_sample(units, unframed + 10, seed=0, unframed_share=1.0)
    assert (sample["rules_frame"] == "none").sum() == unframed
    assert len(sample) == unframed + 10
    assert len(draw_sample(units, 10_000, seed=0)) == len(units)
    assert (draw_sample(units, 10, seed=0, unframed_share=0)["rules_frame"] != "none").all()


@pytest.mark.parametrize(
    ("n", "share", "message"),
    [(0, 0.2, "n must be"), (2.5, 0.2, "n must be"), (5, 1.5, "unframed_share must")],
)
def test_bad_sample_requests_are_refused(n, share, message) -> None:
    with pytest.raises(ValueError, match=message):
        draw_sample(made_up_units(), n, unframed_share=share)


def test_a_repeated_unit_id_is_refused() -> None:
    units = made_up_units()
    units.loc[1, "unit_id"] = units.loc[0, "unit_id"]
    with pytest.raises(ValueError, match="occurs more than once"):
        draw_sample(units, 5)


def test_the_coding_sheet_hides_the_rules_and_gives_the_context() -> None:
    units = made_up_units()
    sample = draw_sample(units, 12, seed=2)
    sheet = coding_sheet(sample, units)
    assert list(sheet.columns) == list(SHEET_COLUMNS)
    assert not {"frame_rules", "rules_frame", "stratum", "weight", "cues"} & set(sheet.columns)
    assert (sheet[["coder", "frame", "crime", "voice", "note"]] == "").all().all()
    for row in sheet.itertuples():
        doc, sent = row.unit_id.split(":")
        sent = int(sent)
        assert row.before == (f"{doc} sentence {sent - 1}." if sent > 0 else "")
        assert row.after == (f"{doc} sentence {sent + 1}." if sent < 39 else "")


def test_clauses_of_one_sentence_are_joined_as_context() -> None:
    units = pd.DataFrame({
        "doc_id": ["d"] * 4, "sent_id": [0, 1, 1, 2], "year": [2010] * 4,
        "unit_id": ["d:0", "d:1a", "d:1b", "d:2"], "frame": ["trafficking"] * 4,
        "text": ["First.", "It harms a person,", "whereas smuggling harms the State.", "Last."],
    })  # fmt: skip
    sheet = coding_sheet(draw_sample(units, 4), units).set_index("unit_id")
    assert sheet.at["d:2", "before"] == "It harms a person, whereas smuggling harms the State."
    assert sheet.at["d:1b", "before"] == "First."


def test_the_codebook_defines_every_frame_with_examples_and_the_precedence() -> None:
    text = codebook_markdown("S123")
    assert "S123" in text
    for frame in (*FRAMES, "none"):
        section = text.split(f"### `{frame}`", 1)[1].split("###", 1)[0]
        assert f"- Is `{frame}`:" in section and "- Is not:" in section
    precedence = text.split("## Precedence", 1)[1].split("##", 1)[0]
    positions = [precedence.index(f"`{frame}`") for frame in FRAMES]
    assert positions == sorted(positions)
    assert "made up" in text


def test_the_sample_command_writes_the_sheet_and_codebook(tmp_path, capsys) -> None:
    out = tmp_path / "coding.csv"
    assert main(["sample", str(paths.SEEDS_DIR), "--n", "12", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Sample S" in printed and "wrote" in printed
    assert "5 file(s) loaded, 0 file(s) warning, 0 file(s) skipped" in printed
    sheet = read_sheet(out)
    assert len(sheet) == 12 and sheet["sample_id"].nunique() == 1
    assert out.read_bytes().startswith("\ufeff".encode(SHEET_ENCODING)[:3])
    assert (tmp_path / "codebook.md").read_text(encoding="utf-8").startswith("# Codebook")
    first = out.read_bytes()
    # an existing sheet is never overwritten without --force; with it, the same bytes again
    assert main(["sample", str(paths.SEEDS_DIR), "--n", "12", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["sample", str(paths.SEEDS_DIR), "--n", "12", "--out", str(out), "--force"]) == 0
    assert out.read_bytes() == first


def test_the_sample_command_says_when_no_page_loads(tmp_path, capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    assert main(["sample", str(folder), "--n", "5", "--out", str(tmp_path / "c.csv")]) == 1
    assert "1 file(s) skipped" in capsys.readouterr().out
    assert not (tmp_path / "c.csv").exists()


def test_the_sample_command_never_writes_into_the_corpus(tmp_path, capsys) -> None:
    target = paths.SEEDS_DIR / "coding.csv"
    assert main(["sample", str(paths.SEEDS_DIR), "--n", "5", "--out", str(target)]) == 2
    assert not target.exists()
    assert "never written" in capsys.readouterr().err


def test_sample_code_and_agree_with_the_rules_end_to_end(tmp_path, capsys) -> None:
    """Two made-up coders of a sample of the seeds: one copies the rules' answers, the other
    changes two frames; the agree command reads both and sets the rules beside them."""
    import warnings

    from helpers.corpus.load import load_corpus
    from helpers.reading.units import build_units
    from helpers.validation.sample import rules_frame

    blank = tmp_path / "coding.csv"
    assert main(["sample", str(paths.SEEDS_DIR), "--n", "12", "--out", str(blank)]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        units = build_units(load_corpus(paths.SEEDS_DIR)).set_index("unit_id")
    sheet = read_sheet(blank).drop(columns="row")
    rules = units.loc[sheet["unit_id"]]
    answers = {column: rules[column].to_numpy() for column in ("crime", "voice")}
    answers["frame"] = rules_frame(rules).to_numpy()  # the table leaves an unframed unit empty
    first = sheet.assign(coder="copies the rules", **answers)
    second = first.assign(coder="differs twice")
    second.loc[[0, 1], "frame"] = ["none" if f != "none" else "nexus" for f in first["frame"][:2]]
    first.to_csv(tmp_path / "a.csv", index=False)
    second.to_csv(tmp_path / "b.csv", index=False)
    capsys.readouterr()
    code = main(["agree", str(blank), str(tmp_path / "a.csv"), str(tmp_path / "b.csv"),
                 "--corpus", str(paths.SEEDS_DIR)])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "crime: alpha = 1.000" in out and "voice: alpha = 1.000" in out
    assert "2 disagreement(s)" in out
    # the two disputed units tie and are set aside: the rules agree with all ten others
    assert "The rules against the consensus, frame (10 units)" in out
    assert "corrected" in out
    assert "Ties, set aside until adjudicated: frame 2, crime 0, voice 0" in out
    # the same sheets against another corpus: the units are not there, and it says so
    other = tmp_path / "other"
    other.mkdir()
    page = next(p for p in sorted(paths.SEEDS_DIR.iterdir()) if p.suffix in (".txt", ".html"))
    (other / page.name).write_bytes(page.read_bytes())
    main(["agree", str(blank), str(tmp_path / "a.csv"), str(tmp_path / "b.csv"),
          "--corpus", str(other)])  # fmt: skip
    assert "units are not units of other" in capsys.readouterr().out
