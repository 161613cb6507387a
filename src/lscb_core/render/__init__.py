"""Rendering: content blocks, Markdown, WordprocessingML, the master template and PDF."""
