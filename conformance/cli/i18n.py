"""The command line in the user's language: ``--help`` in Japanese or English, and "did you mean".

The language is the one the output will be in: ``--lang`` when given (also when it comes after ``--help``
on the command line), else English when ``LC_ALL``/``LANG`` says so (``en_US.UTF-8``), else Japanese — the
tool's default output language. Help texts are written in both languages beside each other: a command keeps
its English texts in click's usual places and its Japanese ones in ``help_ja`` (the docstring) and
``options_ja`` (per option name); the right ones are swapped in when the help is rendered.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import click

from conformance.core.messages import Lang

__all__ = ["LocalizedCommand", "LocalizedGroup", "did_you_mean", "help_language", "resolve_lang"]


def resolve_lang(explicit: str | None, environ: Mapping[str, str] = os.environ) -> Lang:
    """``--lang`` if given; else English when the locale is English; else Japanese."""
    if explicit in ("ja", "en"):
        return cast(Lang, explicit)
    locale = environ.get("LC_ALL") or environ.get("LC_MESSAGES") or environ.get("LANG") or ""
    return "en" if locale.lower().startswith("en") else "ja"


def help_language(args: Sequence[str], environ: Mapping[str, str] = os.environ) -> Lang:
    """The language ``--help`` must use: ``--lang X`` / ``--lang=X`` anywhere on the command line, else the
    locale (help is shown before the other options are parsed)."""
    explicit: str | None = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            explicit = args[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.partition("=")[2]
    return resolve_lang(explicit, environ)


def did_you_mean(word: str, choices: Iterable[str], lang: Lang = "ja") -> str:
    """`` (もしかして: X)`` / `` (did you mean X?)`` when a choice is close to ``word``, else ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {close[0]!r}?)" if lang == "en" else f"（もしかして: {close[0]}）"


class _Localized:
    """Mixed into a click command: Japanese help (``help_ja``, ``options_ja``) swapped in when needed."""

    help_ja: str | None = None
    options_ja: Mapping[str, str] = {}

    def _in_japanese(self, ctx: click.Context) -> bool:
        args = [*sys.argv[1:], *(ctx.args or [])]
        lang = ctx.params.get("lang") if isinstance(ctx.params.get("lang"), str) else None
        return (lang or help_language(args)) == "ja"

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        command = cast(click.Command, self)
        if not self._in_japanese(ctx):
            click.Command.format_help(command, ctx, formatter)
            return
        saved: list[tuple[Any, str | None]] = [(command, command.help)]
        if self.help_ja:
            command.help = self.help_ja
        for param in command.params:
            if isinstance(param, click.Option) and param.name in self.options_ja:
                saved.append((param, param.help))
                param.help = self.options_ja[param.name]
        try:
            click.Command.format_help(command, ctx, formatter)
        finally:
            for obj, text in saved:
                obj.help = text


class LocalizedCommand(_Localized, click.Command):
    """A click command whose ``--help`` follows the user's language."""

    def __init__(self, *args: Any, help_ja: str | None = None, options_ja: Mapping[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_ja = help_ja
        self.options_ja = options_ja or {}


class LocalizedGroup(_Localized, click.Group):
    """The command group, with Japanese help too."""

    def __init__(self, *args: Any, help_ja: str | None = None, options_ja: Mapping[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_ja = help_ja
        self.options_ja = options_ja or {}

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _Localized.format_help(self, ctx, formatter)
