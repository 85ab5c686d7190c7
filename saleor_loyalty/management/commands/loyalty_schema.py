from django.core.management.base import BaseCommand

from saleor_loyalty.graphql.api import schema
from saleor_loyalty.graphql.sdl import extension_sdl
from saleor_loyalty.host.graphql import saleor_schema


class Command(BaseCommand):
    help = "Print the SDL the loyalty plugin adds to Saleor's GraphQL schema."

    def handle(self, *args, **options):
        self.stdout.write(extension_sdl(schema, saleor_schema()), ending="")
