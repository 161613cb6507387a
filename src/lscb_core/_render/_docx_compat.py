"""Keep python-docx's namespace map intact once docxcompose is imported.

docxcompose (which docxtpl uses to merge Word fragments) rebinds python-docx's
``cp`` prefix to the custom-properties namespace when it is imported, after
which python-docx reads and writes the core properties (revision, keywords,
last modified by ...) in the wrong namespace. Importing docxcompose here first
and putting the prefix back keeps the document's properties right.
"""

from __future__ import annotations

import docxcompose.utils  # noqa: F401 - imported for its side effect, which is then undone
import docxtpl.subdoc  # noqa: F401
from docx.oxml.ns import nsmap

from lscb_core._base.namespaces import CORE_PROPERTIES

nsmap["cp"] = CORE_PROPERTIES
