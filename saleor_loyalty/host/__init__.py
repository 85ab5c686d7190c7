"""The host boundary: the only package that imports Saleor.

Everything Saleor-specific (models, GraphQL base types, permissions, order and
payment internals, settings and URLs) is reached through these modules. This is the
adapter for Saleor 2.10; a Saleor 3 adapter implements the same functions.
"""
