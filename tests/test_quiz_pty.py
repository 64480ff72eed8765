"""The installed `certadvisor quiz` in a real pseudo-terminal, driven with pexpect.

Each test waits for a menu to be drawn before pressing keys (keys typed before prompt_toolkit
switches the terminal to raw mode would be line-buffered). prompt_toolkit asks the terminal for
the cursor position (ESC [6n) before each menu; a real terminal answers at once, so ``Terminal``
answers too, otherwise every menu would wait a second for the reply to time out.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from certadvisor.core.engine import recommend
from certadvisor.load.datafile import load_catalog

if os.name != "posix":
    pytest.skip("pseudo-terminals need POSIX", allow_module_level=True)
pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

# The start of each question's title: short enough never to be wrapped on an 80-column screen.
QUESTIONS = load_catalog().questions
TITLES = {q.id: q.text[:24] for q in QUESTIONS}
# Each menu's last choice: drawn last, so once it is on screen the whole menu is. (A set
# question's values end with its stacks, which the menu does not offer: read the choices.)
LAST_CHOICES = {q.id: q.choices[-1].label for q in QUESTIONS}
# The follow-ups are asked only when they matter (an HIM-programme background, a CDI goal);
# ORDER is what the neutral answers ask.
FOLLOW_UPS = ("him_status", "cdi_standing")
ORDER = [q.id for q in QUESTIONS if q.id not in FOLLOW_UPS]
WITHOUT_PCS = [q for q in ORDER if q != "pcs_comfort"]
# "Hospital inpatient coder": its number in the goal menu, for the numbered line prompts.
INPATIENT_NUMBER = str(
    [c.value for c in load_catalog().question("goal").choices].index("inpatient_coder") + 1
)
# The menus' number keys (1-9 point at the first nine choices), by question and value.
KEYS = {q.id: {c.value: str(i + 1) for i, c in enumerate(q.choices) if i < 9} for q in QUESTIONS}
DOWN, UP, SPACE = "\x1b[B", "\x1b[A", " "
# A set question (held) is a checkbox list with no shortcuts: Down from its first choice to a
# value, then space ticks it.
HELD = [c.value for c in load_catalog().question("held").choices]
TICK = "space ticks"  # in the checkbox list's instruction

CERTADVISOR = Path(sys.executable).parent / "certadvisor"
# Bounds a failing run only: every step waits for what the quiz draws, never for a time.
TIMEOUT = 120
CPR_REQUEST = "\x1b[6n"
CPR_REPLY = "\x1b[1;1R"
MENU = "(arrows or number keys"  # questionary's instruction (it may wrap on screen)
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[=>]")


class Terminal:
    """A spawned `certadvisor` with everything it printed kept for later assertions."""

    def __init__(
        self,
        args: list[str],
        cwd: Path,
        term: str = "xterm",
        program: Path = CERTADVISOR,
        variables: dict[str, str] | None = None,
        dimensions: tuple[int, int] = (24, 80),
    ) -> None:
        env = {
            "TERM": term,
            "NO_COLOR": "1",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(cwd),
            "LANG": "C.UTF-8",
            # The result is not paged unless a test asks for a pager (less would wait for q).
            "CERTADVISOR_PAGER": "cat",
            **(variables or {}),
        }
        if "PYTHONPATH" in os.environ:  # a test run against another source tree
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            str(program),
            args,
            encoding="utf-8",
            dimensions=dimensions,
            env=env,
            cwd=str(cwd),
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.log

    def wait(self, text: str) -> None:
        """Wait for ``text`` on screen, answering any cursor-position request seen meanwhile."""
        self.child.expect_exact(text)
        seen = self.child.before + self.child.after
        for _ in range(seen.count(CPR_REQUEST)):
            self.child.send(CPR_REPLY)

    def answer(self, counter: str, question: str, *keys: str) -> None:
        """Wait for a question's counter and its menu (by its title), then press ``keys``."""
        self.wait(counter)
        self.wait(TITLES[question])
        for key in keys:
            self.child.send(key)

    def review(self, *keys: str) -> None:
        self.wait("Review your answers")
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        assert isinstance(status, int), f"ended by signal {self.child.signalstatus}"
        return status

    @property
    def text(self) -> str:
        """What a person would have read: escape sequences removed, lines joined by spaces."""
        return " ".join(ANSI.sub("", self.log.getvalue()).split())


class Spawn(Protocol):
    """What the spawn fixture gives: start ``program`` (the installed certadvisor) with ``args``."""

    def __call__(
        self,
        *args: str,
        term: str = "xterm",
        program: Path = CERTADVISOR,
        variables: dict[str, str] | None = None,
        dimensions: tuple[int, int] = (24, 80),
    ) -> Terminal: ...


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    if not CERTADVISOR.exists():
        pytest.skip(f"{CERTADVISOR} is not installed")
    started: list[Terminal] = []

    def start(
        *args: str,
        term: str = "xterm",
        program: Path = CERTADVISOR,
        variables: dict[str, str] | None = None,
        dimensions: tuple[int, int] = (24, 80),
    ) -> Terminal:
        terminal = Terminal(list(args), tmp_path, term, program, variables, dimensions)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        if terminal.child.isalive():
            terminal.child.close(force=True)


def recommendation_in(text: str) -> str:
    found: list[str] = re.findall(r"Recommendation: ([A-Z][A-Z-]*) \(", text)
    assert len(found) == 1, text[-2000:]
    return found[0]


def reproduced(text: str) -> dict[str, str]:
    """The answers in the "Reproduce this result" command (however it is wrapped)."""
    command = text.split("Reproduce this result without prompts:", 1)[1]
    assert command.lstrip().startswith("certadvisor recommend")
    return dict(re.findall(r"--set (\w+)=(\w+)", command))


def enter_through(terminal: Terminal, first: int, last: int, asked: list[str] = ORDER) -> None:
    """Press Enter at questions ``first``..``last`` (1-based, counting only those ``asked``; the
    neutral ten by default)."""
    for number in range(first, last + 1):
        terminal.answer(f"Question {number} of ", asked[number - 1], "\r")


def test_full_run(spawn: Spawn) -> None:
    terminal = spawn("quiz")
    terminal.answer("Question 1 of ", "goal", KEYS["goal"]["inpatient_coder"], "\r")
    enter_through(terminal, 2, 10)
    terminal.review("\r")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    # CCS against CIC: the pick's reasons are shown, as `recommend` shows them.
    assert recommendation_in(text) == "CCS"
    assert "Why CCS scored" in text
    assert reproduced(text) == {
        "goal": "inpatient_coder",
        "held": "none",
        "setting": "no_preference",
        "employer": "not_sure",
        "pcs_comfort": "unsure",
        "experience": "unsure",
        "work_arrangement": "no_preference",
        "background": "other",
        "body_preference": "no_preference",
        "priority": "no_priority",
    }
    assert "Traceback" not in text


def test_report_and_saved_answers_replay(spawn: Spawn, tmp_path: Path) -> None:
    report, saved = tmp_path / "report.md", tmp_path / "answers.toml"
    terminal = spawn("quiz", "--report", str(report), "--save-answers", str(saved))
    terminal.answer("Question 1 of ", "goal", KEYS["goal"]["outpatient_coder"], "\r")
    terminal.answer("Question 2 of ", "held", "\r")  # none yet
    # outpatient: no PCS question
    terminal.answer("Question 3 of ", "setting", KEYS["setting"]["outpatient"], "\r")
    enter_through(terminal, 4, 9, WITHOUT_PCS)
    terminal.review("\r")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    printed = recommendation_in(text)
    assert printed == "CPC"
    assert f"Answers saved to {saved}" in text
    assert f"Report written to {report}" in text
    assert report.read_text(encoding="utf-8").startswith("# certadvisor report\n")
    assert f"**{printed} (" in report.read_text(encoding="utf-8")

    replay = subprocess.run(
        [str(CERTADVISOR), "recommend", "--answers", str(saved), "--json"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert replay.returncode == 0, replay.stderr
    data = json.loads(replay.stdout)
    assert data["recommendation"] == printed
    assert data["answers"]["goal"] == "outpatient_coder"
    assert data["answers"]["setting"] == "outpatient"
    assert "pcs_comfort" not in data["answers"]


def test_ctrl_c_at_the_first_question(spawn: Spawn, tmp_path: Path) -> None:
    terminal = spawn("quiz", "--report", str(tmp_path / "report.md"))
    terminal.wait("Question 1 of ")
    terminal.wait(TITLES["goal"])
    terminal.child.sendcontrol("c")
    terminal.wait("Quiz cancelled")
    assert terminal.finish() == 130
    text = terminal.text
    assert "Quiz cancelled; nothing was saved" in text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    assert not (tmp_path / "report.md").exists()


def test_a_sigint_while_a_menu_is_shown_cancels_the_quiz(spawn: Spawn) -> None:
    # A Ctrl-C that arrives as a signal rather than a keypress (pressed while the menu is still
    # starting, before the terminal is in raw mode; or `kill -INT`) used to be turned into a
    # "sigint" key that the menu ignores.
    terminal = spawn("quiz")
    terminal.wait("Question 1 of ")
    terminal.wait(TITLES["goal"])
    terminal.wait(LAST_CHOICES["goal"])  # the whole menu is drawn: it is running
    terminal.child.kill(signal.SIGINT)
    terminal.wait("Quiz cancelled")
    assert terminal.finish() == 130
    assert "Traceback" not in terminal.text


def test_back_in_a_terminal(spawn: Spawn) -> None:
    terminal = spawn("quiz")
    terminal.answer("Question 1 of ", "goal", KEYS["goal"]["billing_specialist"], "\r")
    # Up from "None yet" (the first) wraps round to Back; then Up from billing (now the default).
    terminal.answer("Question 2 of ", "held", "\x1b[A", "\r")
    terminal.answer("Question 1 of ", "goal", "\x1b[A", "\r")
    enter_through(terminal, 2, 10)
    terminal.review("\r")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    assert reproduced(terminal.text)["goal"] == "outpatient_coder"


def test_term_dumb_completes(spawn: Spawn) -> None:
    terminal = spawn("quiz", term="dumb")
    enter_through(terminal, 1, 10)
    terminal.review("\r")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    assert "+- certadvisor quiz" in text  # ASCII borders on a dumb terminal
    assert "╭" not in text
    assert "Choose 1-9 [9]: " in text  # numbered line prompts: a dumb terminal cannot redraw menus
    assert "\x1b[?25l" not in text  # no cursor hiding from a redrawn menu
    assert reproduced(text)["goal"] == "undecided"


def test_plain_prompts_in_a_terminal(spawn: Spawn) -> None:
    terminal = spawn("quiz", "--plain")
    terminal.wait("Choose 1-9 [9]: ")
    terminal.child.sendline("x")
    terminal.wait("Please type a number from 1 to 9")
    terminal.wait("Choose 1-9 [9]: ")
    terminal.child.sendline(INPATIENT_NUMBER)
    for _ in range(9):  # held .. priority: Enter takes the default
        terminal.wait("Choose 1-")
        terminal.child.sendline("")
    terminal.wait("Choose 1-11 [11]: ")  # the review
    terminal.child.sendline("")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    assert recommendation_in(text) == "CCS"
    assert MENU not in text


def test_a_held_credential_in_a_terminal(spawn: Spawn) -> None:
    terminal = spawn("quiz")
    terminal.answer("Question 1 of ", "goal", KEYS["goal"]["cdi_specialist"], "\r")
    # The CDI goal brings in the CDI follow-up: eleven questions, until CCS hides the background.
    terminal.answer("Question 2 of ", "held")
    terminal.wait(TICK)
    terminal.child.send(DOWN * HELD.index("CCS") + SPACE + "\r")
    asked = [q for q in ORDER if q != "background"]
    asked.insert(asked.index("priority"), "cdi_standing")
    enter_through(terminal, 3, 8, asked)
    # CDI work (no clinical licence): with it CDIP can lead.
    terminal.answer("Question 9 of ", "cdi_standing", KEYS["cdi_standing"]["cdi_work"], "\r")
    enter_through(terminal, 10, 10, asked)
    terminal.review("\r")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    assert recommendation_in(text) == "CDIP"
    assert "You already hold CCS" in text
    assert TITLES["background"] not in text
    assert reproduced(text)["held"] == "CCS"
    assert reproduced(text)["cdi_standing"] == "cdi_work"
    assert "background" not in reproduced(text)


def test_a_set_of_credentials_in_a_terminal(spawn: Spawn) -> None:
    """held in a checkbox list: None yet ticked with CPC is refused under the list, which stays
    open; unticked, CPC and CRC make the answer, shown joined in the review and the result."""
    terminal = spawn("quiz")
    terminal.answer("Question 1 of ", "goal", KEYS["goal"]["inpatient_coder"], "\r")
    terminal.answer("Question 2 of ", "held")
    terminal.wait(TICK)
    terminal.wait(LAST_CHOICES["held"])  # the whole list is drawn
    terminal.child.send(SPACE + DOWN * HELD.index("CPC") + SPACE + "\r")
    terminal.wait("cannot be picked with other choices")
    terminal.child.send(UP * HELD.index("CPC") + SPACE + DOWN * HELD.index("CRC") + SPACE + "\r")
    # A full credential held: no background question, nine in all.
    asked = [q for q in ORDER if q != "background"]
    enter_through(terminal, 3, 9, asked)
    terminal.review("\r")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    assert '"None yet" cannot be picked with other choices; pick it alone or leave it out.' in text
    assert "Credentials you hold: CPC + CRC" in text  # the review
    assert "--set held=CPC+CRC" in text  # the command that reproduces the result
    assert "You already hold CPC" in text
    assert "Traceback" not in text


def test_plain_set_answer_in_a_terminal(spawn: Spawn) -> None:
    terminal = spawn("quiz", "--plain")
    terminal.wait("Choose 1-9 [9]: ")
    terminal.child.sendline(INPATIENT_NUMBER)
    terminal.wait("For several, type their numbers separated by commas or spaces.")
    several = f"Choose 1-{len(HELD) + 1} [1]: "
    terminal.wait(several)
    terminal.child.sendline("4,99")
    terminal.wait(f"'99' is not a choice: type numbers from 1 to {len(HELD) + 1}, or press Enter.")
    terminal.wait(several)
    terminal.child.sendline(f"{HELD.index('CRC') + 1} {HELD.index('CPC') + 1}")
    for _ in range(7):  # setting .. priority (no background): Enter takes the default
        terminal.wait("Choose 1-")
        terminal.child.sendline("")
    terminal.wait("Choose 1-10 [10]: ")  # the review: 9 answers and confirm
    terminal.child.sendline("")
    terminal.wait("Recommendation")
    assert terminal.finish() == 0
    text = terminal.text
    assert "Credentials you hold: CPC + CRC" in text
    assert "--set held=CPC+CRC" in text
    assert "Arrow keys" not in text and MENU not in text


# -- quiz --json with stdout redirected: prompts on the terminal, the JSON alone in the file ----

SHELL = Path("/bin/sh")
NEUTRAL_BUT_INPATIENT = {
    "goal": "inpatient_coder",
    "held": "none",
    "setting": "no_preference",
    "employer": "not_sure",
    "pcs_comfort": "unsure",
    "experience": "unsure",
    "work_arrangement": "no_preference",
    "background": "other",
    "body_preference": "no_preference",
    "priority": "no_priority",
}


def in_shell(command: str, out: Path) -> list[str]:
    """Arguments for ``sh -c``: the installed certadvisor run as ``command``, stdout to ``out``."""
    line = command.replace("certadvisor", shlex.quote(str(CERTADVISOR)), 1)
    return ["-c", f"{line} > {shlex.quote(str(out))}"]


def one_json_document(path: Path) -> dict[str, Any]:
    """The file holds exactly one JSON document and nothing else (no prompt, no escape code)."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("{\n") and text.endswith("}\n"), text[:2000]
    assert "\x1b" not in text and "Question 1" not in text
    document = json.loads(text)  # json.loads refuses anything after the document
    assert isinstance(document, dict), text[:2000]
    return document


@pytest.mark.parametrize("plain", [False, True], ids=["menus", "plain"])
def test_json_to_a_file_prompts_on_the_terminal(spawn: Spawn, tmp_path: Path, plain: bool) -> None:
    out = tmp_path / "result.json"
    command = "exec certadvisor quiz --json" + (" --plain" if plain else "")
    terminal = spawn(*in_shell(command, out), program=SHELL)
    if plain:
        terminal.wait("Question 1 of ")
        terminal.wait("Choose 1-9 [9]: ")
        terminal.child.sendline(INPATIENT_NUMBER)  # Hospital inpatient coder
        for number in range(2, 11):  # held .. priority: Enter takes the default
            terminal.wait(f"Question {number} of ")
            terminal.wait("Choose 1-")
            terminal.child.sendline("")
        terminal.wait("Choose 1-11 [11]: ")  # the review
        terminal.child.sendline("")
    else:
        terminal.answer("Question 1 of ", "goal", KEYS["goal"]["inpatient_coder"], "\r")
        enter_through(terminal, 2, 10)
        terminal.review("\r")
    assert terminal.finish() == 0
    text = terminal.text
    # Everything a person needs was on the terminal: the intro, the counters, the questions, the
    # menus (or numbered prompts) and the review; none of the JSON was.
    assert "certadvisor quiz" in text and "Ctrl-C to quit" in text
    for number in range(1, 11):
        assert f"Question {number} of " in text
    for question in ORDER:
        assert TITLES[question] in text
    for question in FOLLOW_UPS:  # neither follow-up matters to these answers
        assert TITLES[question] not in text
    assert "Review your answers" in text
    assert (MENU not in text) if plain else (MENU in text)
    assert '"schema_version"' not in text and '"recommendation"' not in text
    assert "Traceback" not in text

    data = one_json_document(out)
    assert data["schema_version"] == 2
    assert data["answers"] == NEUTRAL_BUT_INPATIENT
    assert data["recommendation"] == recommend(load_catalog(), NEUTRAL_BUT_INPATIENT).recommendation
    assert data["recommendation"] == "CCS"
    assert data["ranking"][0]["code"] == "CCS"


def test_json_with_stdin_not_a_terminal_is_refused(spawn: Spawn, tmp_path: Path) -> None:
    """``echo | certadvisor quiz --json > FILE`` on a terminal: only stdin is not a terminal,
    and that alone refuses the quiz (exit 2, a message on the terminal, nothing on stdout)."""
    out = tmp_path / "result.json"
    terminal = spawn(*in_shell("echo | certadvisor quiz --json", out), program=SHELL)
    assert terminal.finish() == 2
    text = terminal.text
    assert "needs a terminal" in text
    assert "--answers" in text and "certadvisor recommend" in text
    assert "Question 1" not in text and MENU not in text and "Traceback" not in text
    assert out.read_bytes() == b""

    # The same without a terminal anywhere: stdout stays empty, the message is on stderr.
    env = {k: v for k, v in os.environ.items() if k not in ("CERTADVISOR_DATA", "ACCESSIBLE")}
    proc = subprocess.run(
        [str(CERTADVISOR), "quiz", "--json"],
        input="\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**env, "NO_COLOR": "1"},
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "needs a terminal" in proc.stderr and "--answers" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- #25: the result paged as recommend's, whole words at 40 and 80 columns ---------------------

# A pager that marks each line it shows: what went through it is told from what did not.
MARKING_PAGER = "sed s/^/PAGED:/"


def screen_lines(terminal: Terminal) -> list[str]:
    """What was printed, line by line, escape sequences and carriage returns removed."""
    return ANSI.sub("", terminal.log.getvalue()).replace("\r", "").split("\n")


def test_the_result_is_paged_and_opens_on_in_short(spawn: Spawn) -> None:
    terminal = spawn("quiz", variables={"CERTADVISOR_PAGER": MARKING_PAGER})
    enter_through(terminal, 1, 10)
    terminal.review("\r")
    terminal.wait("PAGED:")
    assert terminal.finish() == 0
    lines = screen_lines(terminal)
    paged = [line.removeprefix("PAGED:") for line in lines if line.startswith("PAGED:")]
    # The pager gets the result alone, opening on In short; the prompts are never paged.
    assert [line for line in paged if line.strip()][0].lstrip("╭─ ").startswith("In short")
    assert any("Reproduce this result without prompts:" in line for line in paged)
    assert not any("Question" in line or "Review your answers" in line for line in paged)
    # Paged, the screen opens on In short: it is not said again after it.
    assert sum("In short" in line for line in lines) == 1


def test_no_pager_after_the_command_name_ends_on_in_short(spawn: Spawn) -> None:
    terminal = spawn("quiz", "--no-pager", variables={"CERTADVISOR_PAGER": MARKING_PAGER})
    enter_through(terminal, 1, 10)
    terminal.review("\r")
    terminal.wait("Reproduce this result without prompts:")
    assert terminal.finish() == 0
    lines = [line for line in screen_lines(terminal) if line.strip()]
    assert not any(line.startswith("PAGED:") for line in lines)
    # The last lines are the In short block again: its title, then its lines, in a panel.
    last_block = lines[max(i for i, line in enumerate(lines) if "In short" in line) :]
    assert last_block[0].startswith("╭─ In short") and last_block[-1].startswith("╰")
    assert any(line.startswith("│ Pick:") for line in last_block)
    assert sum("In short" in line for line in lines) == 2


def words_broken_at_spaces(text: str, transcript: str, columns: int) -> bool:
    """True when ``text`` was printed with its words whole (broken only at spaces) and no line
    of it wider than the screen."""
    found = re.search(r"\s+".join(re.escape(word) for word in text.split()), transcript)
    return found is not None and all(len(line) <= columns for line in found[0].split("\n"))


@pytest.mark.parametrize("columns", [40, 80])
def test_echoes_and_the_review_keep_words_whole(spawn: Spawn, columns: int) -> None:
    terminal = spawn("quiz", dimensions=(24, columns))
    answers = {q: NEUTRAL_BUT_INPATIENT[q] for q in ORDER} | {"goal": "undecided", "pcs_comfort": "keen"}
    for number, question in enumerate(ORDER, start=1):
        keys = KEYS[question]["keen"] + "\r" if question == "pcs_comfort" else "\r"
        terminal.wait(f"Question {number} of ")
        terminal.wait(MENU if question != "held" else TICK)
        terminal.child.send(keys)
    terminal.review()
    terminal.wait("Show my result")
    terminal.child.send("\r")
    terminal.wait("Reproduce this result without prompts:")
    assert terminal.finish() == 0
    transcript = "\n".join(screen_lines(terminal))
    catalog = load_catalog()
    for asked in QUESTIONS:
        if asked.id not in answers:
            continue
        label = asked.label(answers[asked.id])
        # The answer said again under the erased menu, wrapped at spaces.
        assert words_broken_at_spaces(f"? {asked.text} {label}", transcript, columns), asked.id
        # The review's line for it drawn whole (it was once cut at the screen's edge).
        review_line = f"{asked.short[:1].upper()}{asked.short[1:]}: {label}"
        assert words_broken_at_spaces(review_line, transcript, columns), review_line
    assert words_broken_at_spaces(catalog.question("goal").help, transcript, columns)
    assert "Traceback" not in transcript
