"""The pager for long terminal output (issue #15): which one is chosen, and running it."""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import pytest

from certadvisor.io.pager import DEFAULT_PAGER, Pager, choose_pager, page, show


def has_less(name: str) -> str | None:
    return "/usr/bin/less" if name == "less" else None


def no_less(name: str) -> str | None:
    return None


def choose(
    env: dict[str, str],
    *,
    tty: bool = True,
    json: bool = False,
    no_pager: bool = False,
    less: bool = True,
) -> Pager | None:
    return choose_pager(
        env, stdout_is_tty=tty, json=json, no_pager=no_pager, which=has_less if less else no_less
    )


LESS_R = Pager(DEFAULT_PAGER, {"LESS": "FRX"})


@pytest.mark.parametrize(
    ("env", "tty", "json", "no_pager", "less", "expected"),
    [
        # The default: less -R, with LESS=FRX.
        ({}, True, False, False, True, LESS_R),
        # Never when stdout is not a terminal, for --json or with --no-pager, whatever is set.
        ({}, False, False, False, True, None),
        ({}, True, True, False, True, None),
        ({}, True, False, True, True, None),
        ({"PAGER": "more", "CERTADVISOR_PAGER": "most"}, False, False, False, True, None),
        ({"PAGER": "more", "CERTADVISOR_PAGER": "most"}, True, True, False, True, None),
        ({"PAGER": "more", "CERTADVISOR_PAGER": "most"}, True, False, True, True, None),
        # No less on the PATH and nothing set: no pager.
        ({}, True, False, False, False, None),
        # PAGER, split like shell words.
        ({"PAGER": "more"}, True, False, False, True, Pager(("more",))),
        ({"PAGER": "more -s"}, True, False, False, False, Pager(("more", "-s"))),
        (
            {"PAGER": "'/opt/my pager/view' --x"},
            True,
            False,
            False,
            True,
            Pager(("/opt/my pager/view", "--x")),
        ),
        # CERTADVISOR_PAGER before PAGER.
        ({"PAGER": "more", "CERTADVISOR_PAGER": "most -w"}, True, False, False, True, Pager(("most", "-w"))),
        # Empty or cat: no pager, even when PAGER names one or less is installed.
        ({"CERTADVISOR_PAGER": ""}, True, False, False, True, None),
        ({"CERTADVISOR_PAGER": "  "}, True, False, False, True, None),
        ({"CERTADVISOR_PAGER": "cat"}, True, False, False, True, None),
        ({"CERTADVISOR_PAGER": "cat", "PAGER": "more"}, True, False, False, True, None),
        ({"CERTADVISOR_PAGER": "", "PAGER": "more"}, True, False, False, True, None),
        ({"PAGER": ""}, True, False, False, True, None),
        ({"PAGER": "cat"}, True, False, False, True, None),
        # CERTADVISOR_PAGER can bring the pager back when PAGER turns it off for everything.
        ({"PAGER": "cat", "CERTADVISOR_PAGER": "more"}, True, False, False, True, Pager(("more",))),
        # A user's own less gets LESS=FRX too.
        ({"PAGER": "less"}, True, False, False, True, Pager(("less",), {"LESS": "FRX"})),
        (
            {"PAGER": "/usr/bin/less -S"},
            True,
            False,
            False,
            True,
            Pager(("/usr/bin/less", "-S"), {"LESS": "FRX"}),
        ),
    ],
)
def test_pager_selection(
    env: dict[str, str], tty: bool, json: bool, no_pager: bool, less: bool, expected: Pager | None
) -> None:
    assert choose(env, tty=tty, json=json, no_pager=no_pager, less=less) == expected


@pytest.mark.parametrize("less", ["", "-i", "FRX", "R"])
def test_a_users_less_setting_is_kept(less: str) -> None:
    assert choose({"LESS": less}) == Pager(DEFAULT_PAGER, {})
    assert choose({"LESS": less, "PAGER": "less -R"}) == Pager(("less", "-R"), {})


def test_less_frx_only_for_less() -> None:
    assert choose({"PAGER": "more"}) == Pager(("more",), {})
    assert choose({"PAGER": "lesser"}) == Pager(("lesser",), {})
    assert choose({"CERTADVISOR_PAGER": "less"}) == Pager(("less",), {"LESS": "FRX"})


def test_unbalanced_quotes_fall_back_to_plain_words() -> None:
    assert choose({"PAGER": "more 'x"}) == Pager(("more", "'x"))


def test_the_real_path_lookup_is_the_default() -> None:
    import shutil

    found = choose_pager({}, stdout_is_tty=True, json=False, no_pager=False)
    assert (found is not None) == (shutil.which("less") is not None)


# --- running a pager ---------------------------------------------------------------------------

TEXT = "Résumé of the result: CPC ✓\n" + "".join(f"line {n}\n" for n in range(5_000))


def recorder(out: Path) -> str:
    """A fake pager command: copies its stdin to ``out`` and records its LESS variable."""
    script = (
        "import os, sys\n"
        f"data = sys.stdin.buffer.read()\n"
        f"open({str(out)!r}, 'wb').write(data)\n"
        f"open({str(out) + '.less'!r}, 'w').write(os.environ.get('LESS', '<unset>'))\n"
    )
    return shlex.join([sys.executable, "-c", script])


def test_a_fake_pager_receives_the_text(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    pager = choose({"PAGER": recorder(out)})
    assert pager is not None
    fallback = io.StringIO()
    page(TEXT, pager, stdout=fallback, environ={})
    assert out.read_bytes().decode("utf-8") == TEXT
    assert fallback.getvalue() == ""
    assert Path(f"{out}.less").read_text() == "<unset>"


def test_the_pager_runs_with_its_extra_variables(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    page("hello\n", Pager(tuple(shlex.split(recorder(out))), {"LESS": "FRX"}), environ={"LESS": "-i"})
    assert out.read_text() == "hello\n"
    assert Path(f"{out}.less").read_text() == "FRX"


def test_a_missing_pager_falls_back_to_stdout(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-pager")
    pager = choose({"CERTADVISOR_PAGER": f"{missing} -R"})
    assert pager == Pager((missing, "-R"))
    out = io.StringIO()
    page(TEXT, pager, stdout=out)
    assert out.getvalue() == TEXT


def test_a_pager_that_is_not_executable_falls_back_to_stdout(tmp_path: Path) -> None:
    script = tmp_path / "pager.sh"
    script.write_text("#!/bin/sh\ncat\n")
    script.chmod(0o644)
    out = io.StringIO()
    page("text\n", Pager((str(script),)), stdout=out)
    assert out.getvalue() == "text\n"


def test_quitting_the_pager_early_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    # Reads one line and exits, as a user pressing q in less: the rest meets a closed pipe.
    quitter = Pager((sys.executable, "-c", "import sys; sys.stdin.readline()"))
    page(TEXT * 40, quitter)
    captured = capfd.readouterr()
    assert "Error" not in captured.err and "Traceback" not in captured.err


def test_a_pager_that_reads_nothing_is_quiet() -> None:
    page(TEXT * 40, Pager((sys.executable, "-c", "pass")))


def test_ctrl_c_while_paging_waits_for_the_pager(tmp_path: Path) -> None:
    # The pager sends SIGINT to certadvisor, then keeps reading: certadvisor must neither die
    # nor stop feeding it, and must wait for it.
    out = tmp_path / "paged.txt"
    script = (
        "import os, signal, sys\n"
        # The first line read means certadvisor is feeding the pager: only then the Ctrl-C.
        "first = sys.stdin.readline()\n"
        "os.kill(os.getppid(), signal.SIGINT)\n"
        f"open({str(out)!r}, 'w', encoding='utf-8').write(first + sys.stdin.read())\n"
    )
    page(TEXT, Pager((sys.executable, "-c", script)))
    assert out.read_text(encoding="utf-8") == TEXT


def test_the_sigint_handler_is_restored() -> None:
    import signal

    before = signal.getsignal(signal.SIGINT)
    page("x\n", Pager((sys.executable, "-c", "import sys; sys.stdin.read()")))
    assert signal.getsignal(signal.SIGINT) is before


def test_show_writes_directly_when_not_a_terminal(tmp_path: Path) -> None:
    out = io.StringIO()  # not a TTY
    show("plain\n", stdout=out, environ={"PAGER": recorder(tmp_path / "never.txt")})
    assert out.getvalue() == "plain\n"
    assert not (tmp_path / "never.txt").exists()


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_show_pages_on_a_terminal(tmp_path: Path) -> None:
    out = FakeTTY()
    target = tmp_path / "paged.txt"
    show("paged\n", stdout=out, environ={"PAGER": recorder(target)})
    assert target.read_text() == "paged\n"
    assert out.getvalue() == ""
    show("direct\n", stdout=out, environ={"PAGER": recorder(target)}, no_pager=True)
    show("{}\n", stdout=out, environ={"PAGER": recorder(target)}, json=True)
    assert out.getvalue() == "direct\n{}\n"


def test_a_pager_that_cannot_start_prints_the_text_and_says_so_once(tmp_path: Path) -> None:
    # Issue #26: no shell runs a pager setting, so 'less -R; touch x' runs less with the
    # options '-R;' and the files 'touch' and 'x': on a terminal less refuses the option and
    # exits 1 having shown nothing. Any pager that cannot start or exits with an error status
    # is said once on stderr, and the text is printed instead.
    missing = Pager((str(tmp_path / "no-such-pager"), "-R"))
    refusing = Pager((sys.executable, "-c", "import sys; sys.stderr.write('bad option\\n'); sys.exit(1)"))
    for pager, what in ((missing, "could not be started"), (refusing, "exited with status 1")):
        out, err = io.StringIO(), io.StringIO()
        page(TEXT, pager, stdout=out, stderr=err)
        assert out.getvalue() == TEXT
        [line] = err.getvalue().splitlines()
        assert line.startswith("warning: the pager ") and what in line and line.endswith("without it")
    # The pager setting of the issue, split as the CLI splits it: it runs no shell command.
    hostile = choose({"PAGER": "less -R; touch x"})
    assert hostile == Pager(("less", "-R;", "touch", "x"), {"LESS": "FRX"})
    assert not (tmp_path / "x").exists()


def test_a_pager_that_shows_the_text_and_quits_is_not_reported(capfd: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    page(TEXT, Pager((sys.executable, "-c", "import sys; sys.stdin.read()")), stdout=out)
    assert out.getvalue() == ""
    assert capfd.readouterr().err == ""
