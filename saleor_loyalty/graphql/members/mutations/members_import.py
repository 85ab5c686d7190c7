"""loyaltyMembersImport: staff upload another loyalty program's member file (the same
import as `manage.py loyalty_import members`, members.imports)."""
import graphene

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import loyalty_error
from saleor_loyalty.graphql.core.mutations import LoyaltyMutation
from saleor_loyalty.host.graphql import Upload
from saleor_loyalty.host.permissions import MANAGE_USERS
from saleor_loyalty.members import imports
from saleor_loyalty.members.import_presets import PRESETS, UnknownPreset, get_preset


class LoyaltyImportProblem(graphene.ObjectType):
    line = graphene.Int(required=True, description="Line of the file (the header is line 1).")
    email = graphene.String(description="E-mail on that line, as read.")
    reason = graphene.String(required=True, description="What is wrong, or what was not kept.")


class LoyaltyMembersImport(LoyaltyMutation):
    created = graphene.Int(description="Members created (or that would be, in a dry run).")
    updated = graphene.Int(description="Existing members updated (or that would be).")
    skipped = graphene.Int(description="Rows not applied; each is in `problems`.")
    problems = graphene.List(
        graphene.NonNull(LoyaltyImportProblem),
        description="Rows skipped, and what of applied rows was not kept, in file order.")
    dry_run = graphene.Boolean(description="Nothing was written.")
    already_done = graphene.Boolean(
        description="The file was imported before: nothing changed (counts of that import).")

    class Arguments:
        file = Upload(required=True, description="CSV file (UTF-8, a header line first).")
        preset = graphene.String(
            description=f"Column names of the file: {', '.join(sorted(PRESETS))} "
                        "(default generic).")
        dry_run = graphene.Boolean(description="Check only: write nothing.")

    class Meta:
        description = (
            "Staff (MANAGE_USERS): import members, balances, lots with expiry, tiers and "
            "referral codes and links from another loyalty program's file. Missing "
            "customers are created without a password. A file imported before changes "
            "nothing; one left halfway goes on where it stopped."
        )
        permissions = (MANAGE_USERS,)

    @classmethod
    def perform_mutation(cls, _root, info, file, preset=None, dry_run=False):
        try:
            get_preset(preset)
        except UnknownPreset as error:
            raise loyalty_error(LoyaltyErrorCode.INVALID, str(error), "preset")
        # A multipart request names the upload (its form-data key) in the variable, as
        # Saleor's own upload mutations read it.
        files = getattr(info.context, "FILES", None) or {}
        file = files.get(file) if isinstance(file, str) else file
        if not hasattr(file, "read"):
            raise loyalty_error(LoyaltyErrorCode.INVALID, "Send the file as an upload.", "file")
        try:
            result = imports.import_members(
                file.read(), preset=preset or "generic",
                file_name=getattr(file, "name", "") or "", dry_run=bool(dry_run))
        except ValueError as error:
            raise loyalty_error(LoyaltyErrorCode.INVALID, str(error), "file")
        return cls(
            created=result.created, updated=result.updated, skipped=result.skipped,
            problems=[LoyaltyImportProblem(line=p.line, email=p.email, reason=p.reason)
                      for p in result.problems],
            dry_run=result.dry_run, already_done=result.already_done, errors=[])
