"""Member tags: labels staff put on members by hand (a list of members, or everybody an
audience selects) and that tag rules put on every night (a rule is an audience filter).

A rule takes away only what a rule gave: a member staff tagged by hand keeps the tag
whatever the rule says; staff taking a tag away from a member the rule still selects see
it back after the next nightly run. Tagging is set-based (one statement per tag and
run) and idempotent (one row per tag and member).
"""
from datetime import datetime
from typing import Iterable, Optional

from django.db import IntegrityError, connection, transaction

from saleor_loyalty.core.error_codes import LoyaltyErrorCode
from saleor_loyalty.core.exceptions import ErrorCollector
from saleor_loyalty.core.program import Program
from saleor_loyalty.insight import audiences
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import MemberTag, Tag, TagSource
from saleor_loyalty.members.models import Member

# Only one run of the tag rules at a time, whatever the number of workers.
RULES_LOCK_ID = 0x10A1_7A65


def save_tag(tag: Optional[Tag], name: str, rule: Optional[dict], has_rule: bool) -> Tag:
    """Create (`tag` None) or change a tag; `has_rule` False leaves a changed tag's rule
    as it is, `rule` None with `has_rule` removes it (the rule's members keep the tag
    until staff take it away)."""
    errors = ErrorCollector()
    name = (name or "").strip() if name is not None or tag is None else tag.name
    if not name or len(name) > 50:
        errors.add("name", LoyaltyErrorCode.REQUIRED if not name else LoyaltyErrorCode.INVALID,
                   "A tag needs a name of at most 50 characters.")
    parsed = audiences.validated_filter(rule, errors.nested("rule.")) if rule is not None else None
    errors.raise_if_any()
    if tag is None:
        tag = Tag()
    tag.name = name
    if has_rule or tag.pk is None:
        tag.rule = parsed.as_json() if parsed is not None else None
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        errors.add("name", LoyaltyErrorCode.DUPLICATE, "Another tag has this name.")
        errors.raise_if_any()
    return tag


def _audience_ids(member_ids: Optional[Iterable[int]], audience: Optional[AudienceFilter],
                  program: Program, now: datetime):
    if audience is not None:
        return audiences.audience_sql(audience, program, now)
    return "SELECT unnest(%(member_ids)s::int[])", {"member_ids": sorted(set(member_ids or ()))}


def tag_members(tag: Tag, program: Program, now: datetime, member_ids=None,
                audience: Optional[AudienceFilter] = None) -> int:
    """Tag the members `member_ids`, or everybody `audience` selects now, by hand; returns
    how many got the tag or were tagged by hand only now."""
    sql, params = _audience_ids(member_ids, audience, program, now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {MemberTag._meta.db_table} (tag_id, member_id, source, tagged_at)
                SELECT %(tag)s, chosen.id, %(manual)s, %(now)s FROM ({sql}) chosen(id)
                WHERE chosen.id IN (SELECT id FROM {Member._meta.db_table} WHERE user_id IS NOT NULL)
                ON CONFLICT (tag_id, member_id) DO UPDATE SET source = EXCLUDED.source
                WHERE {MemberTag._meta.db_table}.source <> EXCLUDED.source""",
            {**params, "tag": tag.pk, "manual": TagSource.MANUAL, "now": now})
        return cursor.rowcount


def untag_members(tag: Tag, program: Program, now: datetime, member_ids=None,
                  audience: Optional[AudienceFilter] = None) -> int:
    """Take the tag away from the members `member_ids`, or everybody `audience` selects
    now; returns how many lost it."""
    sql, params = _audience_ids(member_ids, audience, program, now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {MemberTag._meta.db_table} WHERE tag_id = %(tag)s "
            f"AND member_id IN ({sql})", {**params, "tag": tag.pk})
        return cursor.rowcount


def apply_rule(tag: Tag, program: Program, now: datetime):
    """Bring what the tag's rule gave in line with whom the rule selects now."""
    sql, params = audiences.audience_sql(audiences.stored_filter(tag.rule), program, now)
    table = MemberTag._meta.db_table
    params = {**params, "tag": tag.pk, "rule": TagSource.RULE, "now": now}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH selected AS MATERIALIZED ({sql}),
                gone AS (
                    DELETE FROM {table} WHERE tag_id = %(tag)s AND source = %(rule)s
                    AND member_id NOT IN (SELECT id FROM selected)
                )
                INSERT INTO {table} (tag_id, member_id, source, tagged_at)
                SELECT %(tag)s, id, %(rule)s, %(now)s FROM selected
                ON CONFLICT (tag_id, member_id) DO NOTHING""", params)
    Tag.objects.filter(pk=tag.pk).update(rule_applied_at=now)


def apply_rules(program: Program, now: datetime) -> Optional[int]:
    """Nightly: every tag rule, in one transaction; returns how many rules ran, or None
    when another run holds the lock."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [RULES_LOCK_ID])
            if not cursor.fetchone()[0]:
                return None
        rules = list(Tag.objects.filter(rule__isnull=False))
        for tag in rules:
            apply_rule(tag, program, now)
        return len(rules)
