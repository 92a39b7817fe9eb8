"""Rasa's command line with the project's replacements installed first:

    python -m rasa_addons run|shell|test|train|data ... (the options of `rasa`)

Every entry point that runs Rasa (the launcher, the conversation tests, training, the bench)
goes through here, so `rasa shell` and `rasa test` run the same code as the server: `main`
calls `rasa_addons.patches.install()` before Rasa parses the command, whatever the command.
On a Rasa other than the one the replacements were written for, it prints why it refuses
(one paragraph, no traceback) and exits with status 2.

It also keeps third-party deprecation warnings off the terminal: importing Rasa makes its
dependencies (click, typer, spaCy, pyparsing, pkg_resources, SQLAlchemy, ...) report their
own deprecated calls: 17 warnings (36 lines) before `rasa shell` said "Bot loaded", none of
which the project can act on. Only DeprecationWarning and PendingDeprecationWarning attributed to a
module outside the project are silenced: the project's own (bot, rasa_addons, actions, ops,
tests, and a script run as __main__) still show, and so do Rasa's UserWarning and
FutureWarning, which is how Rasa reports problems in the project's data and configuration
(`rasa data validate`, deprecated config options). The filters are put back in front after
Rasa's `configure_logging_and_warnings`, whose `once` filter for every UserWarning would
otherwise let pyparsing's deprecation warnings (a UserWarning and a DeprecationWarning both)
through: from a `configure_commandline` hook, which Rasa's plugin manager (rasa/plugin.py)
calls right after it, before the command runs.

Needs: Rasa 3.6.21 (and pluggy, the plugin library Rasa uses).
"""

from __future__ import annotations

import argparse
import sys
import warnings

import pluggy

# Modules whose warnings are the project's own; any other module's deprecation warnings are
# silenced. `warnings` matches this against the warning's module name from its start.
PROJECT_MODULES = ("bot", "rasa_addons", "actions", "ops", "tests", "__main__")
THIRD_PARTY = rf"(?!(?:{'|'.join(PROJECT_MODULES)})(?:\.|$))"
EXIT_REFUSED = 2
hookimpl = pluggy.HookimplMarker("rasa")  # Rasa's plugin hooks (rasa/plugin.py)


def quiet_third_party_warnings() -> None:
    """Ignore deprecation warnings from modules outside the project. The filters go in front
    of the list: call again after an import that puts its own filters there (Sanic's app
    module turns every DeprecationWarning back on, "once", when it is imported)."""
    for category in (DeprecationWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category, module=THIRD_PARTY)


class _QuietWarnings:
    """A Rasa plugin: once Rasa has set up its warning filters, put the project's in front."""

    @hookimpl
    def configure_commandline(self, cmdline_arguments: argparse.Namespace) -> None:
        quiet_third_party_warnings()


def main(argv: list[str]) -> None:
    quiet_third_party_warnings()
    import sanic.app  # noqa: F401  (imported by Rasa anyway; it turns DeprecationWarning on)

    quiet_third_party_warnings()
    from rasa_addons import patches

    try:
        patches.install()
    except patches.PatchesRefused as refusal:
        print(refusal, file=sys.stderr)
        raise SystemExit(EXIT_REFUSED) from None
    from rasa.__main__ import main as rasa_main
    from rasa.plugin import plugin_manager

    quiet_third_party_warnings()
    plugins = plugin_manager()
    if not any(isinstance(plugin, _QuietWarnings) for plugin in plugins.get_plugins()):
        plugins.register(_QuietWarnings())
    sys.argv = ["rasa", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
