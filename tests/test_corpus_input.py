"""Every page a researcher brings: encodings, languages, old HTML, listings, metadata.csv,
and files that are not pages. Each case is written here, in the shape real pages take."""

from __future__ import annotations

import codecs
import csv
import os
import re
import socket
import warnings
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.corpus.cache import cache_key
from helpers.corpus.encoding import declared_charset, decode_page, garbled
from helpers.corpus.language import choose_language, detect_language, language_code
from helpers.corpus.load import CorpusError, CorpusWarning, load_corpus
from helpers.corpus.read import read_file

NEEDS_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
SAMPLES = Path(__file__).parent / "fixtures" / "languages" / "samples.csv"
GOOD_PAGE = (
    "Press release\nA title for a good page\n"
    "VIENNA, 2 May 2012 - This is the body of a good page about migrant smuggling, "
    "long enough to count as a paragraph.\n"
)
RUSSIAN_BODY = (
    "Сотрудники пограничной службы и прокуроры из Кыргызстана и Таджикистана обсудили, как "
    "расследовать дела о незаконном ввозе мигрантов. Участники согласились, что человек, "
    "заплативший за пересечение границы, позднее может оказаться жертвой торговли людьми."
)
FRENCH_BODY = (
    "Des policiers de cinq pays se sont réunis pour comparer la manière dont ils distinguent "
    "un migrant introduit clandestinement d'une victime de la traite des êtres humains. Les "
    "participants ont reconnu qu'une personne qui paie pour franchir une frontière peut "
    "ensuite être contrainte de travailler sans salaire."
)


def load(folder: Path, **options):
    """Load a folder, its warnings kept quiet (the report holds them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(folder, cache=False, **options)


def report_row(corpus, name: str) -> dict:
    return corpus.report.set_index("file").loc[name].to_dict()


def html_page(title: str, body: str, head: str = "", lang: str = "") -> str:
    attribute = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html>\n<html{attribute}><head>{head}<title>{title} | OSCE</title></head>"
        f"<body><main><h1>{title}</h1>{body}</main></body></html>\n"
    )


# --- encodings -----------------------------------------------------------------------------

SERBIAN_TITLE = "Mission follows the trial of Vojislav Šešelj in Čačak"
SERBIAN_BODY = (
    "<p>BELGRADE, 4 May 2010 - The mission followed the hearing of Vojislav Šešelj, at which "
    "witnesses from Čačak and Niš spoke about the smuggling of migrants.</p>"
)


@pytest.mark.parametrize(
    ("head", "source"),
    [
        ('<meta charset="iso-8859-2">', "meta"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">', "meta"),
    ],
)
def test_a_declared_charset_is_read(tmp_path, head, source) -> None:
    page = html_page(SERBIAN_TITLE, SERBIAN_BODY, head)
    (tmp_path / "serbian.html").write_bytes(page.encode("iso-8859-2"))
    corpus = load(tmp_path)
    doc = corpus.documents.iloc[0]
    assert doc["title"] == SERBIAN_TITLE
    assert "Šešelj" in doc["text"] and "©e¹elj" not in doc["text"]
    assert (doc["encoding"], doc["encoding_source"]) == ("iso8859-2", source)
    assert report_row(corpus, "serbian.html")["status"] == "loaded"


def test_the_http_charset_of_the_fetch_log_is_read(tmp_path) -> None:
    """A page served as windows-1251 with no <meta>: the charset kept in fetch_log.csv."""
    page = html_page("Пограничники обсудили дела", f"<p>{RUSSIAN_BODY}</p><p>Date: 3 May 2012</p>")
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    with (tmp_path / "fetch_log.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["url", "file", "final_url", "status", "http_code", "bytes", "sha256",
                         "retrieved_at", "reason", "charset"])  # fmt: skip
        writer.writerow(["https://example.org/ru", "ru.html", "", "saved", "200", "1", "x",
                         "2026-12-01T10:00:00Z", "", "windows-1251"])  # fmt: skip
    corpus = load(tmp_path, language="ru")
    doc = corpus.documents.iloc[0]
    assert (doc["encoding"], doc["encoding_source"]) == ("cp1251", "http")
    assert doc["title"] == "Пограничники обсудили дела"
    assert doc["source_url"] == "https://example.org/ru"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks(tmp_path, codec) -> None:
    """Windows Notepad's 'Unicode' is UTF-16 with a byte-order mark: read, not 'binary'."""
    page = GOOD_PAGE.replace("good page", "page from Chișinău").replace("\n", "\r\n")
    data = page.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    (tmp_path / "notepad.txt").write_bytes(data)
    corpus = load(tmp_path)
    doc = corpus.documents.iloc[0]
    assert doc["encoding_source"] == "bom"
    assert doc["title"] == "A title for a page from Chișinău"
    assert report_row(corpus, "notepad.txt")["status"] == "loaded"


def test_bytes_in_utf8_win_over_a_stale_declaration(tmp_path) -> None:
    """A browser saves a page as UTF-8 and keeps its old <meta>: the bytes decide, with a note."""
    page = html_page(SERBIAN_TITLE, SERBIAN_BODY, '<meta charset="windows-1250">')
    (tmp_path / "resaved.html").write_bytes(page.encode("utf-8"))
    corpus = load(tmp_path)
    assert corpus.documents.loc[0, "title"] == SERBIAN_TITLE
    assert corpus.documents.loc[0, "encoding"] == "utf-8"
    row = report_row(corpus, "resaved.html")
    assert row["status"] == "loaded"
    assert "declares windows-1250, but the bytes are UTF-8" in row["reason"]


def test_garbled_text_is_a_warning(tmp_path) -> None:
    """UTF-8 read once as Windows-1252 and saved again: 'Ã©' for 'é'. Loaded, flagged."""
    text = GOOD_PAGE.replace("good page", "café in Zürich, Genève and Sévérac")
    (tmp_path / "mojibake.txt").write_text(text.encode("utf-8").decode("cp1252"), encoding="utf-8")
    corpus = load(tmp_path)
    row = report_row(corpus, "mojibake.txt")
    assert row["status"] == "warning"
    assert "the text looks garbled" in row["reason"] and "Ã©" in row["reason"]


def test_an_undeclared_legacy_page_is_detected_and_flagged(tmp_path) -> None:
    page = GOOD_PAGE.replace("good page", "page from Zürich – café")
    (tmp_path / "legacy.txt").write_bytes(page.encode("cp1252"))
    corpus = load(tmp_path)
    assert corpus.documents.loc[0, "encoding_source"] == "detected"
    assert "Zürich – café" in corpus.documents.loc[0, "text"]
    assert report_row(corpus, "legacy.txt")["status"] == "warning"


def test_an_xml_declaration_and_a_wrong_declaration(tmp_path) -> None:
    xml = '<?xml version="1.0" encoding="windows-1251"?>\n'
    page = xml + html_page("Пограничники обсудили дела", f"<p>{RUSSIAN_BODY}</p>")
    decoded = decode_page(page.encode("cp1251"))
    assert (decoded.encoding, decoded.source) == ("cp1251", "meta")
    wrong = html_page("A page from Zürich", "<p>VIENNA, 2 May 2012 - Zürich – café.</p>")
    wrong = decode_page(wrong.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252"))
    assert wrong.source == "detected" and "Zürich – café" in wrong.text
    assert wrong.notes == ["the page declares utf-8, but the bytes are not utf-8"]
    assert wrong.warning.startswith("its declared encoding does not fit its bytes: read as")


def test_decode_page_unit_cases() -> None:
    assert declared_charset(b'<html><head><meta charset="koi8-r">') == "koi8-r"
    assert declared_charset(b"<p>charset=utf-8 in the text, no meta</p>") == ""
    assert decode_page(b"plain ascii").source == "utf-8"
    unknown = decode_page(b'<meta charset="no-such-charset"><p>text</p>')
    assert unknown.source == "utf-8" and "unknown charset 'no-such-charset'" in unknown.notes[0]
    assert decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe" * 20).text is None
    assert garbled("café") == [] and len(garbled("cafÃ© â€“ Ã¼")) == 3


# --- languages -----------------------------------------------------------------------------


def test_the_detector_knows_every_sample_paragraph() -> None:
    """The languages a researcher of the region meets, one paragraph each (written for this)."""
    with SAMPLES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({row["language"] for row in rows}) >= 12
    for row in rows:
        code, probability, english = detect_language(row["text"], "en")
        assert code == row["language"], row["text"][:40]
        assert probability > 0.9 or code in ("hr", "sr", "bs")  # written alike
        assert english > 0.9 if code == "en" else english < 0.01


def test_language_codes_from_declarations() -> None:
    assert [language_code(v) for v in ("en-GB", "ru_RU", "English", "fr", "x", "")] == [
        "en", "ru", "en", "fr", "", ""]  # fmt: skip


def test_the_text_outweighs_a_template_declaration() -> None:
    chosen = choose_language(RUSSIAN_BODY, declared="en")
    assert (chosen.language, chosen.source) == ("ru", "text")
    assert "declares the language en, but its text reads as Russian" in chosen.note
    short = choose_language("Вена", declared="ru")  # too short to be sure: the declaration
    assert (short.language, short.source) == ("ru", "declared")


@pytest.mark.parametrize(
    ("name", "page", "language"),
    [
        ("russian.txt", f"Пограничники\nDate: 14 March 2012\n{RUSSIAN_BODY}\n", "ru"),
        ("french.html", html_page("Policiers", f"<p>Date: 12 March 2013</p><p>{FRENCH_BODY}</p>"),
         "fr"),
    ],
)  # fmt: skip
def test_a_page_in_another_language_is_never_loaded_silently(tmp_path, name, page, language):
    """Dated, so it would load, but not in the analysis language: skipped, or flagged."""
    (tmp_path / name).write_text(page, encoding="utf-8")
    (tmp_path / "english.txt").write_text(GOOD_PAGE, encoding="utf-8")
    skipped = load(tmp_path)
    row = report_row(skipped, name)
    assert row["status"] == "skipped"
    assert (
        f"({language}), read from its text, not in the analysis language, English"
        in (row["reason"])
    )
    assert skipped.documents["file"].tolist() == ["english.txt"]
    flagged = load(tmp_path, other_languages="warn")
    assert report_row(flagged, name)["status"] == "warning"
    assert flagged.documents.set_index("file").loc[name, "language"] == language
    own = load(tmp_path, language=language)  # that language's analysis: English is skipped
    assert report_row(own, name)["status"] == "loaded"
    assert report_row(own, "english.txt")["status"] == "skipped"
    with pytest.raises(CorpusError, match=re.escape(name)):
        load(tmp_path, strict=True)


def test_the_advice_for_an_undated_foreign_page_cannot_load_it_silently(tmp_path) -> None:
    """The language is checked before the date: dating the page leaves it skipped."""
    (tmp_path / "russian.txt").write_text(f"Пограничники\n{RUSSIAN_BODY}\n", encoding="utf-8")
    assert "in Russian" in report_row(load(tmp_path), "russian.txt")["reason"]
    (tmp_path / "metadata.csv").write_text("file,date\nrussian.txt,2012-03-14\n", "utf-8")
    assert report_row(load(tmp_path), "russian.txt")["status"] == "skipped"


def test_a_short_page_of_unsure_language_loads_flagged_not_skipped(tmp_path) -> None:
    """Acronyms and names leave the detector unsure (it may guess an English creole):
    the page is loaded, and flagged since the guess is not English."""
    page = (
        "UNHCR, IOM and ODIHR meet in Tbilisi\nTBILISI, 4 April 2006 - UNHCR, IOM and ODIHR met.\n"
    )
    (tmp_path / "short.txt").write_text(page, encoding="utf-8")
    corpus = load(tmp_path)
    row = report_row(corpus, "short.txt")
    assert row["status"] == "warning" and "the language is unsure" in row["reason"]
    assert corpus.documents.loc[0, "language_source"] == "text (unsure)"


def test_language_options_are_checked(tmp_path) -> None:
    (tmp_path / "english.txt").write_text(GOOD_PAGE, encoding="utf-8")
    with pytest.raises(CorpusError, match="not an ISO 639 code"):
        load(tmp_path, language="English")
    with pytest.raises(CorpusError, match="use 'skip' or 'warn'"):
        load(tmp_path, other_languages="load")
    assert load(tmp_path).documents.loc[0, "language"] == "en"


# --- old HTML --------------------------------------------------------------------------------


def old_page(paragraphs: int, tag: str = '<font face="Arial" size="2">') -> str:
    """A page of the early 2000s: a table layout, every paragraph opening a tag never closed."""
    body = "".join(
        f"<p>{tag}Paragraph {i} of the report says that smuggled migrants need protection.\n"
        for i in range(1, paragraphs + 1)
    )
    return (
        "<html><head><title>Report on migrant smuggling</title></head><body><table><tr><td>"
        "<h1>Report on migrant smuggling</h1><p>VIENNA, 3 March 2003 - The report opens.</p>"
        f"{body}</td></tr></table></body></html>"
    )


@pytest.mark.parametrize("paragraphs", [400, 3000])
def test_deep_unclosed_font_tags_lose_no_paragraph(tmp_path, paragraphs) -> None:
    (tmp_path / "old.html").write_text(old_page(paragraphs), encoding="utf-8")
    corpus = load(tmp_path)
    text = corpus.documents.loc[0, "text"]
    assert text.count("Paragraph ") == paragraphs
    row = report_row(corpus, "old.html")
    assert row["status"] == "loaded"
    assert ("nest too deep" in row["reason"]) == (paragraphs > 1000)


def test_a_page_the_parser_cannot_read_whole_is_a_warning_with_the_share(tmp_path) -> None:
    """3,000 unclosed <div>s hold blocks, so they stay, and the parser stops at its depth."""
    (tmp_path / "deep.html").write_text(old_page(3000, "<div>"), encoding="utf-8")
    row = report_row(load(tmp_path), "deep.html")
    assert row["status"] == "warning"
    match = re.search(r"the HTML parser read only (\d+)% of the text in the file", row["reason"])
    assert match and int(match.group(1)) < 90


# --- shapes of the site ----------------------------------------------------------------------


def test_a_listing_page_is_skipped_with_its_items(tmp_path) -> None:
    items = "".join(
        f"<div><h3><a href='/n{day}'>Headline number {day} about trafficking</a></h3>"
        f"<div>Publishing date: {day} May 2018</div><p>VIENNA, {day} May 2018 - The teaser "
        f"of item {day} tells what happened at the meeting on migrant smuggling.</p></div>"
        for day in (3, 9, 17)
    )
    page = html_page("Working for stability, peace and democracy", items)
    (tmp_path / "newsroom.html").write_text(page, encoding="utf-8")
    row = report_row(load(tmp_path), "newsroom.html")
    assert row["status"] == "skipped"
    assert row["reason"].startswith("listing page of 3 items")


def test_one_article_with_date_fields_is_no_listing(tmp_path) -> None:
    page = (  # its date three times, in three shapes: one date, so one item
        "A title of one article\nPublishing date: 3 May 2018\nDate: 2018-05-03\n3 May 2018\n"
        "Last updated: 9 May 2018\n"
        "VIENNA, 3 May 2018 - The article has one dateline and its date in three fields.\n"
    )
    (tmp_path / "article.txt").write_text(page, encoding="utf-8")
    corpus = load(tmp_path)
    assert report_row(corpus, "article.txt")["status"] == "loaded"
    assert corpus.documents.loc[0, "date_source"] == "metadata"


def test_an_undated_page_says_what_it_holds(tmp_path) -> None:
    page = (
        "A seminar on smuggling\nThe seminar brought together police and prosecutors.\n"
        "It followed a meeting held on 25 June 1998 in Vienna, and another on 3 March.\n"
    )
    (tmp_path / "undated.txt").write_text(page, encoding="utf-8")
    reason = report_row(load(tmp_path), "undated.txt")["reason"]
    assert "only date-like words without a day, month and year ('on 3 March')" in reason
    assert "a complete date only further down the page ('on 25 June 1998')" in reason
    assert "without a day, month and year ('on 25 June 1998'" not in reason
    assert "metadata.csv (a line 'undated.txt,yyyy-mm-dd'" in reason


# --- metadata.csv ----------------------------------------------------------------------------

UNDATED = "A seminar on smuggling\nThe seminar brought together police and prosecutors.\n"


def test_metadata_csv_gives_fields_without_touching_the_page(tmp_path) -> None:
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "labelled.txt").write_text(  # its only heading is a label: no title found
        "Newsroom\nVIENNA, 2 May 2012 - A page whose only heading is the site's section name.\n",
        encoding="utf-8",
    )
    (tmp_path / "metadata.csv").write_text(
        "file,date,place,title,language,doc_type\n"
        'undated.txt,2011-12-02,"BANJA LUKA, Bosnia and Herzegovina",,,event\n'
        "labelled.txt,,,The real headline,en,\n",
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    corpus = load(tmp_path, strict=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    docs = corpus.documents.set_index("file")
    assert f"{docs.loc['undated.txt', 'date']:%Y-%m-%d}" == "2011-12-02"
    assert docs.loc["undated.txt", "date_source"] == "metadata.csv"
    assert (docs.loc["undated.txt", "place"], docs.loc["undated.txt", "country"]) == (
        "Banja Luka", "Bosnia and Herzegovina")  # fmt: skip
    assert docs.loc["undated.txt", "doc_type"] == "event"
    assert docs.loc["labelled.txt", "title"] == "The real headline"
    assert docs.loc["labelled.txt", "language_source"] == "metadata.csv"
    assert report_row(corpus, "metadata.csv")["status"] == "ignored"
    assert report_row(corpus, "undated.txt")["reason"].startswith(
        "date, place, doc_type from metadata.csv"
    )
    assert "no title" not in report_row(corpus, "labelled.txt")["reason"]
    titles = corpus.sentences[corpus.sentences["part"] == "title"]["text"].tolist()
    assert "The real headline" in titles


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("file,date\nmissing.txt,2011-12-02\n", "line 2: names 'missing.txt', which is no page"),
        ("file,date\nundated.txt,31 February 2011\n", "line 2 (undated.txt): the date '31 Feb"),
        ("file,date\nundated.txt,2011-12-02\nundated.txt,2011-12-03\n",
         "line 3: names 'undated.txt' again"),
        ("file,datum\nundated.txt,2011-12-02\n", "unknown column(s) 'datum'"),
        ("name,date\nundated.txt,2011-12-02\n", "no column 'file'"),
        ("file,doc_type\nundated.txt,blog\n", "the doc_type 'blog' is not one of"),
        ("file,language\nundated.txt,Klingon language\n", "is not an ISO 639 code"),
        ("file,date\n,2011-12-02\n", "line 2: no file named"),
    ],
)  # fmt: skip
def test_a_bad_metadata_row_is_a_clear_error(tmp_path, capsys, rows, message) -> None:
    (tmp_path / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(rows, encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(message)) as raised:
        load(tmp_path)
    assert str(raised.value).startswith("metadata.csv")
    assert main(["corpus", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


# --- files that are not pages ----------------------------------------------------------------


@NEEDS_FIFO
def test_only_regular_files_inside_the_folder_are_read(tmp_path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # opening it would wait for ever
    (folder / "zero.txt").symlink_to("/dev/zero")
    outside = tmp_path / "outside.txt"
    outside.write_text(GOOD_PAGE.replace("good page", "page kept elsewhere"), encoding="utf-8")
    (folder / "outside.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to("good.txt")
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "sub").mkdir()
    (folder / "folder_link").symlink_to("sub")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(os.fspath(folder / "socket.txt"))
        corpus = load(folder)
    finally:
        server.close()
    report = corpus.report.set_index("file")
    assert report.loc["good.txt", "status"] == "loaded"
    expected = {
        "pipe.txt": "a named pipe (FIFO), not a saved page: never opened",
        "socket.txt": "a socket, not a saved page: never opened",
        "zero.txt": "a symbolic link to '/dev/zero', outside the corpus folder: not followed",
        "outside.txt": "outside the corpus folder: not followed",
        "broken.txt": "a broken symbolic link",
    }
    for name, reason in expected.items():
        assert report.loc[name, "status"] == "skipped", name
        assert reason in report.loc[name, "reason"], name
    assert report.loc["inside.txt", "reason"] == "duplicate: same bytes as good.txt"
    assert report.loc["folder_link", "status"] == report.loc["sub", "status"] == "ignored"
    assert cache_key(sorted(folder.iterdir()), 5_000_000)  # hashes without opening the pipe


@NEEDS_FIFO
def test_a_fifo_given_to_read_file_is_never_opened(tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe.html")
    read = read_file(tmp_path / "pipe.html")
    assert (read.status, read.reason) == (
        "skipped", "a named pipe (FIFO), not a saved page: never opened")  # fmt: skip


def test_an_undecodable_file_name_is_skipped_and_named(tmp_path, capsys) -> None:
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    bad = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / bad).write_text(GOOD_PAGE.replace("good", "other"), encoding="utf-8")
    corpus = load(tmp_path)
    row = report_row(corpus, "caf\\xe9.txt")
    assert row["status"] == "skipped" and "not valid UTF-8" in row["reason"]
    assert main(["corpus", str(tmp_path), "--export", str(tmp_path.parent / "out")]) == 0
    assert main(["corpus", str(tmp_path)]) == 0
    assert "caf\\xe9.txt" in capsys.readouterr().out


def test_an_unreadable_file_is_skipped_and_the_cache_key_survives(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_PAGE.replace("good", "locked"), encoding="utf-8")
    real_open = open

    def refuse(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)  # as chmod 000 does, also when run as root
    assert cache_key(sorted(tmp_path.iterdir()), 5_000_000)
    row = report_row(load(tmp_path), "locked.txt")
    assert (row["status"], row["reason"]) == ("skipped", "cannot be read: Permission denied")


def test_an_unreadable_folder_is_a_message_and_exit_code_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", os.fspath(self))

    monkeypatch.setattr(Path, "iterdir", refuse)  # as chmod 000 does, also when run as root
    with pytest.raises(CorpusError, match="corpus folder cannot be read: .*Permission denied"):
        load(tmp_path)
    assert main(["corpus", str(tmp_path)]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_an_export_that_cannot_be_written_is_exit_code_3(tmp_path, capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "a_file").write_text("not a folder")
    assert main(["corpus", str(folder), "--export", str(tmp_path / "a_file" / "out")]) == 2
    assert "error: cannot write the export to" in capsys.readouterr().err


def test_the_command_takes_the_language_options(tmp_path, capsys) -> None:
    (tmp_path / "french.txt").write_text(f"Policiers réunis\n{FRENCH_BODY}\n", "utf-8")
    (tmp_path / "metadata.csv").write_text("file,date\nfrench.txt,2013-03-12\n", "utf-8")
    assert main(["corpus", str(tmp_path)]) == 1
    assert "in French" in capsys.readouterr().out
    assert main(["corpus", str(tmp_path), "--other-languages", "warn"]) == 0
    assert main(["corpus", str(tmp_path), "--language", "fr"]) == 0
    assert "1 loaded, 0 warning" in capsys.readouterr().out


def test_a_language_given_against_the_text_is_a_warning(tmp_path) -> None:
    """metadata.csv may say 'en' of a Russian page: loaded as asked, but flagged."""
    (tmp_path / "russian.txt").write_text(f"Пограничники\n{RUSSIAN_BODY}\n", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,date,language\nrussian.txt,2012-03-14,en\n", encoding="utf-8"
    )
    corpus = load(tmp_path)
    row = report_row(corpus, "russian.txt")
    assert row["status"] == "warning"
    assert (
        "metadata.csv gives the language en, but the text reads as Russian (ru)" in (row["reason"])
    )


@NEEDS_FIFO
def test_strict_stops_at_a_file_that_is_not_a_page(tmp_path, capsys) -> None:
    (tmp_path / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(CorpusError, match=r"pipe\.txt: skipped: a named pipe"):
        load(tmp_path, strict=True)
    assert main(["corpus", str(tmp_path), "--strict"]) == 2
    assert "pipe.txt" in capsys.readouterr().err
