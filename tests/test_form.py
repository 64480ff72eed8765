"""``certadvisor form`` (issue #27, item 3): the questions in plain text, Markdown and CSV, in
the exact words that ``recommend --batch FILE.csv`` matches."""

from __future__ import annotations

import io
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from certadvisor.cli.commands.form import form_command
from certadvisor.cli.context import start
from certadvisor.cli.options import DataOption
from certadvisor.load.csv_answers import CsvReader
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Choice
from certadvisor.present.form import EXAMPLE_ID, form_csv, form_markdown, form_text
from certadvisor.present.markdown_text import markdown_escape


def app() -> typer.Typer:
    """A root with the form command alone, as ``cli.app`` registers it (``app.command("form")``)."""
    root = typer.Typer()

    @root.callback()
    def _root(
        ctx: typer.Context, data: DataOption = None, no_pager: Annotated[bool, typer.Option()] = False
    ) -> None:
        ctx.obj = start(ctx.obj, data=data, no_pager=no_pager)

    root.command("form")(form_command)
    return root


def test_plain_text_lists_every_question_with_its_column_and_choices(catalog: Catalog) -> None:
    text = form_text(catalog.questions, width=1000)  # wide enough for no line to wrap
    for number, question in enumerate(catalog.questions, start=1):
        assert f"{number}. {question.text}\n   column: {question.id}\n" in text
        for choice in question.choices:
            assert f"   - {choice.value}: {choice.label}\n" in text
    assert "Pick every one that applies: join several with +, a comma or a semicolon." in text
    assert 'Left empty, it counts as "Not sure yet".' in text
    assert "Asked only when background is one of" in text


def test_markdown_escapes_the_data(catalog: Catalog) -> None:
    hostile = catalog.questions[0]._replace(
        text="Pick <b>one</b> | *two* [x](javascript:alert(1))",
        choices=(Choice("a", "`tick` _under_"),),
    )
    text = form_markdown([hostile])
    assert "## 1\\. Pick \\<b\\>one\\</b\\> \\| \\*two\\* \\[x\\](javascript:alert(1))" in text
    assert "- \\`tick\\` \\_under\\_ (`a`)" in text
    assert markdown_escape("a\nb  c") == "a b c"


@pytest.mark.parametrize("ids", [False, True])
def test_the_csv_form_reads_back_as_valid_answers(catalog: Catalog, ids: bool) -> None:
    text = form_csv(catalog.questions, ids=ids)
    header, example, *rest = text.splitlines()
    assert rest == []
    assert header.startswith("id,")
    assert (catalog.questions[0].id if ids else catalog.questions[0].text) in header
    reader = CsvReader(catalog, io.BytesIO(text.encode("utf-8")), "form.csv")
    assert reader.unknown == ()
    assert len(reader.header.columns) == len(catalog.questions)
    (row,) = list(reader)
    assert row.id == EXAMPLE_ID
    assert isinstance(row.answers, dict)
    # The example answers every unconditional question with its neutral choice, by label.
    expected = {q.id: q.neutral for q in catalog.questions if q.when.always}
    assert row.answers == expected


@pytest.mark.parametrize(
    ("args", "start_text"),
    [
        ([], "certadvisor form: the questions"),
        (["--markdown"], "# Questions for a certadvisor form"),
        (["--csv"], "id,Which job are you aiming for first?"),
        (["--csv", "--ids"], "id,goal,held,"),
    ],
)
def test_the_command(args: list[str], start_text: str) -> None:
    result = CliRunner().invoke(app(), ["form", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start_text)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--markdown", "--csv"], "choose one of --markdown and --csv"), (["--ids"], "applies only to --csv")],
)
def test_the_command_refuses_options_that_do_not_go_together(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app(), ["form", *args])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("width", [40, 80])
def test_plain_text_wraps_at_spaces_to_the_width(catalog: Catalog, width: int) -> None:
    text = form_text(catalog.questions, width=width)
    wide = form_text(catalog.questions, width=1000)
    # Only ids and values may run past the width, whole; every word of the wide form is kept.
    assert text.split() == wide.split()
    assert all(len(line) <= width or " " not in line.strip() for line in text.splitlines())
