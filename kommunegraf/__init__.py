"""kommunegraf: Danish public-sector meeting documents as a validated knowledge graph."""

__version__ = "0.1.0"
