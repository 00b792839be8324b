"""Intake: from a file of any supported type to its text, its pages and how it was read.

One reader per type (``formats.DOCUMENT_FORMATS``); each returns an ``Extracted`` or raises
LoaderError naming the file and the problem. The text goes to the cleaning step as
extracted: every evidence offset refers to it.
"""
