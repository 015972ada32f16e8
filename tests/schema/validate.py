"""Validates blueprint documents against the published JSON Schema with Python's jsonschema.

Reads one JSON object from standard input:
    {"schema": "<path to the schema>", "documents": {"<name>": <document>, ...}}
and prints one JSON object:
    {"schema_errors": [...], "results": {"<name>": [<error>, ...], ...}}

`schema_errors` lists what keeps the schema itself from being used out of the box: the
meta-schema's objections (Draft202012Validator.check_schema) and every `format` the format
checker does not know (jsonschema ignores those silently, so they would check nothing). Each
document is validated with Draft202012Validator and a FormatChecker; an empty list means valid.
Run by tests/browser/schema.test.mjs with the venv that scripts/lib/setup.sh makes.
"""

import json
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

DATA_KEYWORDS = {"const", "enum", "default", "examples"}


def formats(node, at=""):
    """Yields (pointer, format) for every `format` keyword in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                yield at, value
            if key not in DATA_KEYWORDS:
                yield from formats(value, f"{at}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from formats(value, f"{at}/{i}")


def main():
    request = json.load(sys.stdin)
    with open(request["schema"], encoding="utf-8") as f:
        schema = json.load(f)
    checker = Draft202012Validator.FORMAT_CHECKER
    schema_errors = []
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as e:
        schema_errors.append(f"meta-schema: {e.message}")
    for at, name in formats(schema):
        if name not in checker.checkers:
            schema_errors.append(f"unknown format {name!r} at {at or '/'}")
    results = {}
    if not schema_errors:
        validator = Draft202012Validator(schema, format_checker=checker)
        for name, doc in request["documents"].items():
            results[name] = [
                f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
                for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path)))
            ]
    json.dump({"schema_errors": schema_errors, "results": results}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
