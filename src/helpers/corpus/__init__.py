"""A folder of pages to the corpus tables and the load report (one page: clean text, metadata)."""

# fmt: off
from helpers.corpus.labels import label_documents
from helpers.corpus.pages import label_page_lines, parse_text_page
from helpers.corpus.load import load_with_report

__all__ = [
    "label_documents", "label_page_lines", "load_with_report", "parse_text_page",
]
# fmt: on
