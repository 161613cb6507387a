"""The accessibility audit of Word documents (:func:`audit_docx`), split by concern: package, styles, colour, rules."""

from lscb_core._accessibility.audit import audit_docx

__all__ = ["audit_docx"]
