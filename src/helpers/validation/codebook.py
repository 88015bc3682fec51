"""The codebook coders read beside a coding sheet (``codebook.md``): each label in words.

Every frame has a positive and a negative example, made up for the codebook (none is a
coded unit of any corpus), and the frames' precedence is stated.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.reading.framing import NONE_LABEL
from helpers.validation.sheets import coding_sheet, write_csv_atomic

__all__ = ["CODEBOOK_FILE", "codebook_markdown", "write_coding_files"]

CODEBOOK_FILE = "codebook.md"

_FRAME_GUIDE = (
    (
        "distinction",
        "draws the line between the two crimes: contrasts them, or states an element "
        "of the Palermo definitions that sets one apart from the other (consent, exploitation, a "
        "crime against the person or against the State, a border crossing).",
        "Unlike smuggled migrants, victims of trafficking never agreed to be exploited.",
        "Trafficking and smuggling are both serious crimes. (both named, no line drawn: paired)",
    ),
    (
        "nexus",
        "links the two crimes or says the line between them blurs (shared routes or "
        "networks, smuggling that turns into trafficking, cases hard to tell apart).",
        "Smuggled migrants are often sold on to traffickers along the route.",
        "We must distinguish trafficking from smuggling. (a line drawn: distinction)",
    ),
    (
        "umbrella",
        "folds the crimes into a wider label such as 'migration-related crime' or "
        "'irregular migration and related crime', whether or not it names either crime.",
        "The ministers discussed migration-related crime in the region.",
        "The ministers discussed migrant smuggling. (one crime named: smuggling)",
    ),
    (
        "paired",
        "names both crimes without contrasting or linking them.",
        "The unit trains police on trafficking in persons and migrant smuggling.",
        "Smugglers and traffickers share the same networks. (a link: nexus)",
    ),
    (
        "trafficking",
        "names trafficking in persons (human beings), and not smuggling.",
        "Traffickers deceived the women with false job offers.",
        "Drug trafficking rose along the route. (goods, not people: none)",
    ),
    (
        "smuggling",
        "names migrant smuggling, and not trafficking in persons.",
        "Smugglers charged each family for the crossing.",
        "Cigarette smuggling rose at the border. (goods, not people: none)",
    ),
    (
        "institutional",
        "mentions a crime only inside a name: an office, a plan, a unit, an event, "
        "a treaty or a title.",
        "The Special Representative for Combating Trafficking in Human Beings visited Rome.",
        "The Special Representative said trafficking is rising. (named outside the title too)",
    ),
    (
        NONE_LABEL,
        "names neither crime (people, not goods) and uses no umbrella label.",
        "The conference brought together experts from twelve countries.",
        "Experts discussed smuggling of migrants by sea. (smuggling named)",
    ),
)
_CRIME_GUIDE = (
    (
        "trafficking",
        "the unit is about trafficking in persons (named, or referred to by a "
        "pronoun the sentence itself resolves)",
    ),
    ("smuggling", "the unit is about migrant smuggling"),
    ("both", "the unit is about both crimes"),
    (NONE_LABEL, "the unit is about neither crime (goods, other topics)"),
)
_VOICE_GUIDE = (
    ("own", "the organisation's own narration"),
    ("quoted", "someone's words inside quotation marks (most of the unit)"),
    ("reported", "someone's words retold by the writer (said, urged, according to, ...)"),
)


def codebook_markdown(sample_id: str = "") -> str:
    """The codebook as Markdown. In: the sample's id (named when given). Out: the text."""
    lines = [
        "# Codebook: framing of human trafficking and migrant smuggling",
        "",
        *([f"Coding sheet of sample `{sample_id}`.", ""] if sample_id else []),
        "## How to code",
        "",
        "- Code each row's `text` only; `before` and `after` are there to help you read it.",
        "- Write your name in `coder`, then one label in each of `frame`, `crime` and `voice`.",
        "  Leave a cell blank only if you cannot decide; use `note` to say why.",
        "- Code what the text says, not which words it happens to use. Code alone: do not",
        "  discuss units with the other coder until both sheets are finished.",
        "- Do not add, delete or re-order rows, and do not change `sample_id`, `item` or",
        "  `unit_id`: the sheet is checked against the sample when it is read back.",
        "",
        "## Frame (one per unit)",
        "",
        "The examples are made up for this codebook; none is a coded unit of the corpus.",
        "",
    ]
    for label, definition, positive, negative in _FRAME_GUIDE:
        lines += [
            f"### `{label}`",
            "",
            f"The unit {definition}",
            "",
            f'- Is `{label}`: "{positive}"',
            f'- Is not: "{negative.rsplit(" (", 1)[0]}" ({negative.rsplit(" (", 1)[1]}',
            "",
        ]
    lines += [
        "## Precedence",
        "",
        "When a unit does more than one of these, the first that applies wins:",
        "",
        *[f"{number}. `{label}`" for number, (label, *_) in enumerate(_FRAME_GUIDE, start=1)],
        "",
        "The rarer, more deliberate act outranks the more common one: drawing the legal line",
        "is the position under study, so a unit that draws it and then notes a link is",
        "`distinction`; a link is more specific than a shared label; a wide label recodes",
        "whatever crimes the unit also names; naming both is more than naming one; and a",
        "mention inside a name says least about the writer's framing.",
        "",
        "## Crime (one per unit)",
        "",
        *[f"- `{label}`: {text}." for label, text in _CRIME_GUIDE],
        "",
        "## Voice (one per unit)",
        "",
        *[f"- `{label}`: {text}." for label, text in _VOICE_GUIDE],
        "",
    ]
    return "\n".join(lines)


def write_coding_files(sample: pd.DataFrame, units: pd.DataFrame, out: Path | str) -> list[Path]:
    """Write a sample's blank coding sheet (in one step) and ``codebook.md`` beside it.

    In: the sample, the units it was drawn from, the sheet's path. Out: the two paths.
    """
    out = Path(out)
    sheet = write_csv_atomic(coding_sheet(sample, units), out)
    codebook = out.parent / CODEBOOK_FILE
    sample_id = str(sample["sample_id"].iloc[0]) if len(sample) else ""
    codebook.write_text(codebook_markdown(sample_id), encoding="utf-8")
    return [sheet, codebook]
