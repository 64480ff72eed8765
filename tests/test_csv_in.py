"""CSV answers in (issue #27, item 1): columns by id or question text, values by value or label,
Excel's habits, per-row errors with the column and the allowed values, and one-line fatal errors
for a file that cannot be read as answers, found before the first row is handed out."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from certadvisor.batch import MAX_LINE_BYTES
from certadvisor.errors import AnswersError, ExitStatus
from certadvisor.load.csv_answers import MAX_ROW_BYTES, CsvReader, CsvRow, delimiter_name
from certadvisor.load.csv_match import normal, normal_header
from certadvisor.model.catalog import Catalog

DATA = Path(__file__).parent / "data"


def read(catalog: Catalog, text: str | bytes, name: str = "t.csv") -> tuple[CsvReader, list[CsvRow]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    reader = CsvReader(catalog, io.BytesIO(data), name)
    return reader, list(reader)


def answers(row: CsvRow) -> dict[str, str]:
    assert isinstance(row.answers, dict), row.answers
    return row.answers


def error(row: CsvRow) -> str:
    assert isinstance(row.answers, AnswersError), row.answers
    return str(row.answers)


def fatal(catalog: Catalog, text: str | bytes) -> str:
    with pytest.raises(AnswersError) as caught:
        read(catalog, text)
    assert caught.value.exit_code == ExitStatus.USAGE
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_row_cap_is_the_batch_line_cap() -> None:
    assert MAX_ROW_BYTES == MAX_LINE_BYTES


def test_columns_by_id_or_text_and_values_by_value_or_label(catalog: Catalog) -> None:
    text = (
        "id,  WHICH job are you aiming for first ,setting,Do you need to work from home?\n"
        "s1,hospital INPATIENT coder,Inpatient:   hospital stays,remote_only\n"
        "s2,undecided,OUTPATIENT,I need to work from home\n"
    )
    reader, rows = read(catalog, text)
    assert reader.unknown == ()
    assert reader.has_id
    assert [row.id for row in rows] == ["s1", "s2"]
    assert answers(rows[0]) == {
        "goal": "inpatient_coder",
        "setting": "inpatient",
        "work_arrangement": "remote_only",
    }
    assert answers(rows[1]) == {
        "goal": "undecided",
        "setting": "outpatient",
        "work_arrangement": "remote_only",
    }


def test_curly_quotes_and_a_missing_question_mark_still_match(catalog: Catalog) -> None:
    text = (
        "Do you belong to, or lean towards, one of the two credentialing bodies;Student\n"
        "AAPC (I’m a member, or it is favoured around me);x\n"
    )
    reader, rows = read(catalog, text)
    assert reader.header.delimiter == ";"
    assert answers(rows[0]) == {"body_preference": "aapc"}


def test_a_set_question_takes_values_or_labels_joined_by_plus_comma_or_semicolon(catalog: Catalog) -> None:
    text = 'id,held\na,CPC+CRC\nb,"crc, cpc"\nc,CPC; CCS\nd,"CPC-A (CPC, apprentice), CPB"\ne,None yet\n'
    _, rows = read(catalog, text)
    assert [answers(row)["held"] for row in rows] == ["CPC+CRC", "CPC+CRC", "CPC+CCS", "CPC-A+CPB", "none"]


def test_excel_habits_bom_crlf_quoted_newlines_sep_line_and_blank_rows(catalog: Catalog) -> None:
    text = (
        'sep=;\r\nid;goal;"Comments"\r\n'
        '"a;1";coding_auditor;"two\r\nlines; and a ""quote"""\r\n'
        ";;\r\n\r\nb;;\r\n"
    )
    reader, rows = read(catalog, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert reader.header.delimiter == ";"
    assert reader.unknown == ("Comments",)
    assert [(row.row, row.id) for row in rows] == [(2, "a;1"), (5, "b")]
    assert answers(rows[0]) == {"goal": "coding_auditor"}
    assert answers(rows[1]) == {}  # empty cells: unanswered


def test_a_tab_separated_file(catalog: Catalog) -> None:
    reader, rows = read(catalog, "goal\tsetting\ncoding_auditor\toutpatient\n")
    assert delimiter_name(reader.header.delimiter) == "tab"
    assert answers(rows[0]) == {"goal": "coding_auditor", "setting": "outpatient"}


def test_a_one_column_file_needs_no_delimiter(catalog: Catalog) -> None:
    _, rows = read(catalog, "goal\ncoding_auditor\n")
    assert answers(rows[0]) == {"goal": "coding_auditor"}


def test_the_delimiter_is_the_one_that_names_the_most_questions(catalog: Catalog) -> None:
    # Commas inside an unquoted semicolon header's question text must not win.
    text = (
        "For documentation (CDI) work: do you hold a clinical licence, and have you done CDI work?;goal\n"
        "Neither yet;cdi_specialist\n"
    )
    reader, rows = read(catalog, text)
    assert reader.header.delimiter == ";"
    assert answers(rows[0]) == {"cdi_standing": "neither", "goal": "cdi_specialist"}


def test_a_bad_cell_fails_its_row_alone_naming_the_column_and_the_allowed_values(catalog: Catalog) -> None:
    _, rows = read(catalog, "id,goal,setting\nok,undecided,inpatient\nbad,inpatent,inpatient\nok2,,\n")
    assert answers(rows[0]) == {"goal": "undecided", "setting": "inpatient"}
    message = error(rows[1])
    assert rows[1].row == 3 and rows[1].id == "bad"
    assert "column B (goal): 'inpatent' is not allowed (did you mean inpatient_coder?)" in message
    assert "allowed values: outpatient_coder, billing_specialist" in message
    assert answers(rows[2]) == {}


def test_every_bad_cell_of_a_row_is_named(catalog: Catalog) -> None:
    _, rows = read(catalog, "goal,held\nnope,CPC+XYZ\n")
    message = error(rows[0])
    assert "column A (goal): 'nope'" in message
    assert "column B (held): 'XYZ' is not allowed" in message
    assert "several joined by +, a comma or a semicolon" in message


def test_none_with_another_credential_fails_as_an_answers_file_would(catalog: Catalog) -> None:
    _, rows = read(catalog, "held\nnone+CPC\n")
    assert "'none' cannot be given with other values" in error(rows[0])


def test_a_row_with_more_filled_cells_than_the_header_fails_alone(catalog: Catalog) -> None:
    _, rows = read(catalog, "goal,setting\nundecided,inpatient,extra\nundecided,inpatient,,\n")
    assert "the row has 3 cells but the header has 2 columns" in error(rows[0])
    assert answers(rows[1]) == {"goal": "undecided", "setting": "inpatient"}


def test_unknown_columns_are_listed_once(catalog: Catalog) -> None:
    reader, _ = read(catalog, "Timestamp,goal,Email,Timestamp,\nx,undecided,y,z,\n")
    assert reader.unknown == ("Timestamp", "Email")


def test_the_id_column_is_passed_through_untouched(catalog: Catalog) -> None:
    _, rows = read(catalog, 'Name,goal\n"  ../../etc/passwd ",undecided\n')
    assert rows[0].id == "  ../../etc/passwd "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "t.csv: the file is empty; expected a header row"),
        ("\r\n\r\n", "t.csv: the file is empty"),
        ("name,email\nx,y\n", "t.csv: no column of the header row is a question (it starts 'name', 'email')"),
        ("hello there\n", "t.csv: cannot find the delimiter: the header row has no comma, semicolon or tab"),
        ('{"goal": "undecided"}\n', "t.csv: not a CSV file: it looks like JSON"),
        ("goal,Which job are you aiming for first?\nx,y\n", "t.csv: columns A and B both answer goal"),
        ("goal\x00,setting\n", "t.csv: not a CSV file: line 1 holds binary data"),
    ],
)
def test_a_file_that_cannot_be_read_as_answers_is_one_line(
    catalog: Catalog, text: str, expected: str
) -> None:
    assert fatal(catalog, text).startswith(expected)


def test_a_line_that_is_not_utf8_is_fatal_with_a_hint(catalog: Catalog) -> None:
    message = fatal(catalog, b"goal\nundecided\ncaf\xe9\n")
    assert message == 't.csv: line 3 is not UTF-8 text; save the spreadsheet as "CSV UTF-8" and try again'


def test_an_over_long_row_is_fatal_and_found_before_any_row_is_handed_out(catalog: Catalog) -> None:
    long_row = "undecided," + "x" * (MAX_ROW_BYTES + 10) + "\n"
    message = fatal(catalog, "goal,Comments\nundecided,\n" + long_row)
    assert message.startswith("t.csv: row 3 is longer than 1 MiB")


def test_an_unclosed_quote_is_caught_by_the_row_cap(catalog: Catalog) -> None:
    text = 'goal,Comments\nundecided,"never closed\n' + ("more text\n" * (MAX_ROW_BYTES // 10 + 1))
    assert fatal(catalog, text).startswith("t.csv: row 2 is longer than 1 MiB")


class OneWay(io.RawIOBase):
    """A pipe: readable once, not seekable, counting the bytes handed out."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)
        self.handed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.data.read(min(len(buffer), 64))
        buffer[: len(chunk)] = chunk
        self.handed += len(chunk)
        return len(chunk)


def test_rows_are_read_as_they_are_needed_from_a_pipe(catalog: Catalog) -> None:
    body = "goal,setting\n" + "undecided,inpatient\n" * 50_000
    pipe = OneWay(body.encode("ascii"))
    reader = CsvReader(catalog, io.BufferedReader(pipe, 64), "<stdin>")
    rows = iter(reader)
    first = next(rows)
    assert answers(first) == {"goal": "undecided", "setting": "inpatient"}
    assert pipe.handed < 10_000  # not the megabyte behind it
    assert sum(1 for _ in rows) == 49_999


def test_a_pipe_is_read_once_so_a_late_fault_stops_the_rows_there(catalog: Catalog) -> None:
    pipe = OneWay(b"goal\nundecided\n\xff\n")
    rows = iter(CsvReader(catalog, io.BufferedReader(pipe), "<stdin>"))
    assert answers(next(rows)) == {"goal": "undecided"}
    with pytest.raises(AnswersError, match="<stdin>: line 3 is not UTF-8"):
        next(rows)


def test_a_regular_file_is_checked_whole_before_the_first_row(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_bytes(b"goal\n" + b"undecided\n" * 1000 + b"\xff\n")
    with path.open("rb") as handle, pytest.raises(AnswersError, match="line 1002 is not UTF-8"):
        CsvReader(catalog, handle, "late.csv")


@pytest.mark.parametrize("name", ["cohort30.csv", "cohort30_semicolon.csv"])
def test_the_example_cohort_reads_the_same_in_either_delimiter(catalog: Catalog, name: str) -> None:
    path = DATA / name
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in path.read_bytes()
    with path.open("rb") as handle:
        reader = CsvReader(catalog, handle, name)
        rows = list(reader)
    assert reader.header.delimiter == ("," if name == "cohort30.csv" else ";")
    assert reader.unknown == ("Timestamp", "Comments")
    assert len(rows) == 30
    failed = {row.row: error(row) for row in rows if isinstance(row.answers, AnswersError)}
    assert sorted(failed) == [11, 26]
    assert "'inpatent' is not allowed" in failed[11]
    assert "'XYZ' is not allowed" in failed[26]
    by_id = {row.id: row for row in rows}
    assert answers(by_id["Ben Okafor"])["him_status"] == "final_term"
    assert answers(by_id["Hugo Lefebvre"])["held"] == "CPC+CRC"
    assert answers(by_id["Ines Duarte"])["held"] == "CPC-A"
    assert answers(by_id["Lena Fischer"]) == {}


def test_normalising() -> None:
    assert normal("  I’d   rather\u00a0AVOID it ") == "i'd rather avoid it"
    assert normal_header("Where would you rather work? *") == "where would you rather work"
