"""The SDL of what the loyalty extension adds to Saleor's schema.

New types are printed whole; Saleor types that gained fields are printed as
`extend type X { ...new fields }`. graphql/schema.graphql holds this text and a
test keeps it equal to the running schema.
"""
from graphql.utils.schema_printer import _print_args, _print_deprecated, _print_type

from graphql import GraphQLObjectType


def _print_extension(type_, field_names):
    fields = "\n".join(
        "  {}{}: {}{}".format(name, _print_args(field), field.type, _print_deprecated(field))
        for name, field in type_.fields.items()
        if name in field_names
    )
    return "extend type {} {{\n{}\n}}".format(type_.name, fields)


def extension_sdl(schema, base_schema) -> str:
    types = schema.get_type_map()
    base_types = base_schema.get_type_map()
    extended, added = [], []
    for name in sorted(types):
        if name.startswith("__"):
            continue
        type_ = types[name]
        if name not in base_types:
            added.append(_print_type(type_))
        elif isinstance(type_, GraphQLObjectType):
            new_fields = set(type_.fields) - set(base_types[name].fields)
            if new_fields:
                extended.append(_print_extension(type_, new_fields))
    return "\n\n".join(extended + added) + "\n"
