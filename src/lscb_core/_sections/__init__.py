"""Sections of the report: composition, narrative templates, Markdown, helpers and the built-in sections."""
