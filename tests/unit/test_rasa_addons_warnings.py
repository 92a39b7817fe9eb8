"""`python -m rasa_addons` silences deprecation warnings raised from other packages, keeps the
project's own, and keeps the warnings Rasa uses to report problems in the project's data and
configuration (UserWarning, FutureWarning). No Rasa import: the filters alone."""

from __future__ import annotations

import warnings

import pytest

from rasa_addons.__main__ import quiet_third_party_warnings


class PyparsingStyleWarning(UserWarning, DeprecationWarning):
    """pyparsing's deprecation warnings are both."""


def shown(category: type[Warning], module: str, once_for_user_warnings: bool = False) -> bool:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_third_party_warnings()
        if once_for_user_warnings:  # what Rasa's configure_logging_and_warnings adds in front
            warnings.filterwarnings("once", category=UserWarning)
            quiet_third_party_warnings()  # what rasa_addons' Rasa plugin hook then does
        warnings.warn_explicit(
            "a message", category, f"/x/{module}.py", 1, module=module, registry={}
        )
    return bool(caught)


@pytest.mark.parametrize(
    "module",
    [
        "click.utils",
        "typer",
        "pkg_resources",
        "rasa.core.tracker_store",
        "botocore",
        "matplotlib.fontconfig_pattern",
        "robot",
        "opsy",
        "bots.x",
        "testsuite",
    ],
)
@pytest.mark.parametrize(
    "category", [DeprecationWarning, PendingDeprecationWarning, PyparsingStyleWarning]
)
def test_third_party_deprecations_are_silenced(module, category):
    assert not shown(category, module)
    assert not shown(category, module, once_for_user_warnings=True)


@pytest.mark.parametrize(
    "module",
    [
        "bot",
        "bot.answers",
        "rasa_addons.patches",
        "actions.actions",
        "ops.launcher",
        "tests.heldout.evaluate",
        "__main__",
    ],
)
@pytest.mark.parametrize(
    "category", [DeprecationWarning, PendingDeprecationWarning, PyparsingStyleWarning]
)
def test_the_projects_own_deprecations_still_show(module, category):
    assert shown(category, module)


@pytest.mark.parametrize("module", ["rasa.shared.utils.io", "rasa.validator", "sklearn", "bot"])
@pytest.mark.parametrize("category", [UserWarning, FutureWarning, RuntimeWarning])
def test_other_warnings_still_show(module, category):
    """Rasa reports problems in the project's data (`rasa data validate`) as UserWarning and
    deprecated configuration as FutureWarning, from its own modules: those stay."""
    assert shown(category, module)
