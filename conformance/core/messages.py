"""Message templates and their parameters: findings carry an id and values, reports render the text.

Why templates: a finding is made where a rule fires, but it is read in a report, in Japanese or English,
with personal data masked or (``--show-values``) not. If the rule wrote the finished sentence, every
reworded message or new language would touch every emission site, and a value the sentence quoted (a
生年月日 in X10) could not be masked. So a rule names a :class:`Message` and passes its parameters; a
parameter that quotes the input (a value, a header cell) is a :class:`Quoted`, which the report shows only
through its masking function.

Templates use ``str.format`` fields (``{name}``) and nothing else: no format specs, no attribute access,
so a template cannot reach into the parameters, and a quoted value is substituted, never re-parsed.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ja", "en"]

__all__ = [
    "Lang",
    "Localized",
    "Message",
    "Param",
    "Params",
    "Quoted",
    "Rendered",
    "as_is",
    "fixed_text",
    "params_of",
    "render",
]


@dataclass(frozen=True, slots=True)
class Quoted:
    """Text taken from the input file: a value of an item, or a header cell.

    ``item`` is the 項目名 it was read under (None when it stands under no known item, e.g. an unknown
    header cell). Reports mask it exactly as they mask ``Finding.value``.
    """

    text: str
    item: str | None


@dataclass(frozen=True, slots=True)
class Localized:
    """A parameter spelt differently per language (a list joined with ・ or with commas)."""

    ja: str
    en: str

    def text(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.ja


Param = str | int | Quoted | Localized
Params = tuple[tuple[str, Param], ...]


def params_of(values: Mapping[str, Param]) -> Params:
    """Keyword parameters as the hashable tuple a Finding stores."""
    return tuple(values.items())


def _fields(template: str) -> frozenset[str]:
    names: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"template field {name!r} must be a plain name (no spec, index or conversion)")
        names.add(name)
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Message:
    """A message template: a stable id (``X10.after``), Japanese and English text with ``{name}`` fields.

    Both texts must use the same fields; that is checked when the template is defined, so a template that
    would fail at report time cannot be written.
    """

    id: str
    ja: str
    en: str
    fields: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        ja, en = _fields(self.ja), _fields(self.en)
        if ja != en:
            raise ValueError(f"message {self.id}: fields {sorted(ja)} (ja) differ from {sorted(en)} (en)")
        object.__setattr__(self, "fields", ja)

    def text(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.ja


def render(
    message: Message, params: Iterable[tuple[str, Param]], lang: Lang, show: Callable[[Quoted], str]
) -> str:
    """The message in ``lang`` with its parameters filled in; ``show`` decides how quoted text appears."""
    values = {
        name: show(p) if isinstance(p, Quoted) else p.text(lang) if isinstance(p, Localized) else str(p)
        for name, p in params
    }
    missing = message.fields - values.keys()
    for name in missing:  # a finding read back from an older report may lack one: keep the field visible
        values[name] = "{" + name + "}"
    return message.text(lang).format_map(values)


def as_is(q: Quoted) -> str:
    """Quoted input shown as it is (unmasked): for tests and our own logs, never for a report."""
    return q.text


class Rendered:
    """For anything that carries ``message`` and ``params`` (a finding, a fault): its text in a language.

    ``show`` decides how quoted input appears; the default shows it unmasked, which is only for tests and
    our own logs. Reports render through ``ReportOptions.message``, which masks.
    """

    __slots__ = ()
    message: Message
    params: Params

    def text(self, lang: Lang, show: Callable[[Quoted], str] = as_is) -> str:
        return render(self.message, self.params, lang, show)

    @property
    def message_ja(self) -> str:
        """Japanese text, unmasked."""
        return self.text("ja")

    @property
    def message_en(self) -> str:
        """English text, unmasked."""
        return self.text("en")


def fixed_text(id: str, ja: str, en: str) -> Message:
    """A message whose text is already final (a finding read back from a JSONL report): braces escaped."""
    return Message(id, ja.replace("{", "{{").replace("}", "}}"), en.replace("{", "{{").replace("}", "}}"))
