"""The words a field's description offers are words lscb accepts.

The descriptions in ``data/reference.yaml`` are what an author reads first: in the data
reference, in the schema an editor shows, and in the comments of every file `lscb new`
writes. A value written there in backticks that the field then refuses (``lcspr`` for a
review's kind, ``not-published`` for its publication decision) sends the author to an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from lscb_core._loading.board_files import file_schema, known_files

# Open vocabularies: a description may name a kind of the board's own as an example.
_OPEN = {("audits.yaml", "Audit", "kind"): {"peer-review"}}


def _enum_fields(name: str) -> Iterator[tuple[str, str, str, set[str]]]:
    schema = file_schema(name)
    objects: dict[str, Any] = dict(schema.get("$defs", {}))
    objects[""] = schema
    for owner, body in objects.items():
        for options in [body, *body.get("anyOf", [])]:
            for field, spec in options.get("properties", {}).items():
                choices = [spec, *spec.get("anyOf", [])]
                allowed = {v for c in choices for v in c.get("enum", [])}
                if allowed and spec.get("description"):
                    yield owner, field, spec["description"], allowed


@pytest.mark.parametrize("name", known_files())
def test_values_a_description_offers_are_accepted(name: str) -> None:
    wrong = []
    for owner, field, description, allowed in _enum_fields(name):
        offered = set(re.findall(r"`([a-z0-9][a-z0-9-]*)`", description))
        bad = offered - allowed - _OPEN.get((name, owner, field), set())
        if bad:
            wrong.append(f"{owner}.{field}: {sorted(bad)} not in {sorted(allowed)}")
    assert not wrong
