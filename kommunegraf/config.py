"""Every setting kommunegraf reads, declared once: name, default, environment variable, help.

The README's configuration table is generated from ``SETTINGS`` and a test keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from kommunegraf.errors import ConfigError

ENV_PREFIX = "KOMMUNEGRAF_"


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _nonnegative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError("must be between 1 and 65535")
    return value


def _http_url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL")
    return text


def _dialect(text: str) -> str:
    value = text.strip().lower()
    if value not in ("auto", "oxigraph", "virtuoso", "generic"):
        raise ValueError("must be one of auto, oxigraph, virtuoso, generic")
    return value


def _base_iri(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) IRI")
    return text if text.endswith("/") else text + "/"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, parser and the help the README shows."""

    name: str
    default: str | None
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "data/store",
        "Where the graph lives: the folder of the embedded Oxigraph store (created on first use), "
        "or the `http(s)://` URL of a SPARQL 1.1 server (see docs/remote-store.md).",
    ),
    Setting(
        "base_iri",
        "https://kommunegraf.dk/id/",
        "Base of the data IRIs (`{base}{kind}/{slug}`).",
        _base_iri,
    ),
    Setting(
        "query_timeout",
        "10",
        "Seconds a query sent to /sparql may run before it is stopped.",
        _positive_float,
    ),
    Setting(
        "query_memory_mb",
        "1024",
        "MiB of memory one query sent to /sparql may take (its worker process's growth) "
        "before it is stopped (503).",
        _positive_int,
    ),
    Setting(
        "result_limit",
        "10000",
        "Most rows or triples /sparql returns for one query.",
        _positive_int,
    ),
    Setting(
        "page_cache_mb",
        "64",
        "MiB of rendered pages (entity pages, search results, lists) the server keeps until "
        "the store changes; 0 renders every request anew.",
        _nonnegative_int,
    ),
    Setting("host", "127.0.0.1", "Address `serve` binds to."),
    Setting("port", "5000", "Port `serve` listens on.", _port),
    Setting(
        "update_token",
        None,
        "Secret that allows SPARQL Update on /sparql (sent as `Authorization: Bearer ...`); "
        "unset means updates are always refused.",
    ),
    Setting(
        "store_dialect",
        "auto",
        "Kind of SPARQL server named by a `store` URL: `oxigraph`, `virtuoso` or `generic`; "
        "`auto` reads it from the URL (a path ending in `/sparql` is Virtuoso, `/` or `/query` "
        "is Oxigraph, anything else generic).",
        _dialect,
    ),
    Setting(
        "update_endpoint",
        None,
        "SPARQL Update endpoint of a remote store; unset derives it from `store` "
        "(Oxigraph `/update`, Virtuoso `/sparql-auth`, generic: the `store` URL itself).",
        _http_url,
    ),
    Setting(
        "graph_store_endpoint",
        None,
        "Graph Store Protocol endpoint of a remote store; unset derives it from `store` "
        "(Oxigraph `/store`, Virtuoso `/sparql-graph-crud-auth`, generic: none).",
        _http_url,
    ),
    Setting("store_user", None, "User name for a remote store (HTTP Basic or Digest auth)."),
    Setting("store_password", None, "Password for a remote store."),
    Setting(
        "store_timeout",
        "60",
        "Seconds to wait for a remote store to answer one HTTP request.",
        _positive_float,
    ),
)


@dataclass(frozen=True)
class Config:
    """The resolved settings of one run."""

    store: str
    base_iri: str
    query_timeout: float
    result_limit: int
    host: str
    port: int
    update_token: str | None
    store_dialect: str = "auto"
    update_endpoint: str | None = None
    graph_store_endpoint: str | None = None
    store_user: str | None = None
    store_password: str | None = None
    store_timeout: float = 60.0
    page_cache_mb: int = 64
    query_memory_mb: int = 1024


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Resolve every setting: explicit override, then environment variable, then default."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    environ = os.environ if environ is None else environ
    unknown = set(overrides) - {s.name for s in SETTINGS}
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            raw, origin = overrides[setting.name], f"setting {setting.name}"
        elif setting.env in environ:
            raw, origin = environ[setting.env], f"environment variable {setting.env}"
        else:
            raw, origin = setting.default, f"default of {setting.name}"
        if raw is None:
            values[setting.name] = None
            continue
        if not isinstance(raw, str):
            values[setting.name] = raw
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{origin} = {raw!r}: {error}") from None
    assert {f.name for f in fields(Config)} == set(values)
    return Config(**values)


def settings_table() -> str:
    """The Markdown table of settings that the README shows."""
    rows = ["| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default is not None else "(unset)"
        rows.append(f"| `{s.name}` | `{s.env}` | {default} | {s.help} |")
    return "\n".join(rows)
