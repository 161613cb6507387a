"""A plugin that cannot be imported: it needs a package that is not installed."""

from __future__ import annotations

import lscb_helpline_client  # type: ignore[import-not-found]  # noqa: F401
