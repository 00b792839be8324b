"""The errors kommunegraf raises on purpose; each carries a message meant for a user."""

from pathlib import Path

from kommunegraf.filenames import shown


class KommunegrafError(Exception):
    """Base of every error that is reported to the user without a traceback."""


class ConfigError(KommunegrafError):
    """A setting is missing or has a value that cannot be used."""


class StoreError(KommunegrafError):
    """The store could not be opened, read or written."""


class QueryError(KommunegrafError):
    """A SPARQL query or update was malformed or refused."""


class LoaderError(KommunegrafError):
    """A document could not be read; names the file (escaped) and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{shown(self.path)}: {reason}")
