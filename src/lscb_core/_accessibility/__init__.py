"""Accessibility audit of any Word document."""
