"""The README stays true: every setting, CLI command and option it must show is there."""

from __future__ import annotations

from pathlib import Path

import click

from kommunegraf.cli import main
from kommunegraf.config import SETTINGS, settings_table
from loaders.intake.formats import formats_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make serve", "make test"]


def test_the_configuration_table_is_the_one_declared_in_code() -> None:
    assert settings_table() in README


def test_every_setting_and_its_environment_variable_is_documented() -> None:
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README
        assert setting.env in README


def test_every_cli_command_and_option_is_documented() -> None:
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"kommunegraf [--store PATH|URL] {name}" in README or f"kommunegraf {name}" in README
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert any(opt in README for opt in param.opts), (name, param.opts)


def test_the_document_types_table_is_the_one_declared_in_code() -> None:
    assert formats_table() in README
