"""JSON Schemas (draft 2020-12) of every JSON format ordercheck writes, shipped with the package:
`check`, `explain`, `diff`, `runtime`, `discover`, and `config-error` (the shape of one entry of `errors` in
each). A report's `"schema": "ordercheck.check/1"` names `check.schema.json` ($id
`urn:ordercheck:check/1`). Fields are only added within a schema version.

    from ordercheck import schemas
    schemas.validator("check").validate(json.loads(report))   # needs the `jsonschema` package
"""

from __future__ import annotations

import json
from importlib import resources

NAMES = ("check", "explain", "diff", "runtime", "discover", "config-error")


def schema(name: str) -> dict:
    """The schema of one format, by name (see NAMES)."""
    return json.loads(resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


def validator(name: str):
    """A `jsonschema` validator for one format, with the shared schemas registered for `$ref`."""
    import jsonschema
    from referencing import Registry, Resource

    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in map(schema, NAMES))
    return jsonschema.Draft202012Validator(schema(name), registry=registry)
