"""Validates front matters against the workflow file schema with the reference validator, jsonschema.

Usage:
  validate.py SCHEMA INSTANCES        INSTANCES is a JSON object {name: front matter as flowsite reads it}
  validate.py SCHEMA --files FILE...  each file's front matter read here with PyYAML, as editors' YAML tools do

Prints one line per instance, `name<TAB>valid` or `name<TAB>invalid<TAB>first error`, in the order given; exits
0 when it could check them all (whatever they say), 2 when the schema itself is not a valid draft-07 schema or
a file has no front matter.
"""
import json
import sys

import jsonschema


def front_matter(path):
    import yaml

    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [line.strip() for line in lines[1:]]:
        raise ValueError(f"{path}: no front matter")
    closing = next(index for index in range(1, len(lines)) if lines[index].strip() == "---")
    return yaml.safe_load("\n".join(lines[1:closing]))


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    if sys.argv[2] == "--files":
        try:
            instances = {path: front_matter(path) for path in sys.argv[3:]}
        except ValueError as error:
            print(error, file=sys.stderr)
            return 2
    else:
        with open(sys.argv[2], encoding="utf-8") as handle:
            instances = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    if validator_class is not jsonschema.Draft7Validator:
        print(f"schema declares {schema.get('$schema')!r}, not draft-07", file=sys.stderr)
        return 2
    try:
        validator_class.check_schema(schema)
    except jsonschema.SchemaError as error:
        print(f"not a valid draft-07 schema: {error.message}", file=sys.stderr)
        return 2
    validator = validator_class(schema)
    for name, instance in instances.items():
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            where = "/".join(str(step) for step in errors[0].absolute_path)
            print(f"{name}\tinvalid\t{where}: {errors[0].message}".replace("\n", " "))
        else:
            print(f"{name}\tvalid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
