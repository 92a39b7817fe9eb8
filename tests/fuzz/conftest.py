"""Prints the fuzzer's figures (requests per channel, failing examples, time) after the run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    from tests.fuzz.test_fuzz import FIGURES

    if sum(FIGURES.requests.values()):
        terminalreporter.write_line(FIGURES.line())
