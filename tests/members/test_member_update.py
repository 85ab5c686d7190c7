"""Members keep their birthday (recorded with when it was set) and e-mail preference."""
from datetime import date, timedelta

from django.utils import timezone

from saleor_loyalty.members.models import Member

UPDATE = """
mutation($input: LoyaltyMemberUpdateInput!) {
  loyaltyMemberUpdate(input: $input) {
    member { birthday emailNotifications } errors { field code }
  }
}
"""


def test_member_sets_birthday_and_the_moment_is_recorded(customer_api, member):
    result = customer_api.query(UPDATE, {"input": {"birthday": "1991-08-20"}})["loyaltyMemberUpdate"]

    assert result == {"member": {"birthday": "1991-08-20", "emailNotifications": True}, "errors": []}
    member.refresh_from_db()
    assert timezone.now() - member.birthday_set_at < timedelta(minutes=1)


def test_member_turns_emails_off_without_touching_the_birthday(customer_api, member):
    Member.objects.filter(pk=member.pk).update(birthday=date(1991, 8, 20),
                                               birthday_set_at=timezone.now() - timedelta(days=90))

    customer_api.query(UPDATE, {"input": {"emailNotifications": False}})

    member.refresh_from_db()
    assert member.email_notifications is False
    assert timezone.now() - member.birthday_set_at > timedelta(days=89)


def test_a_future_birthday_is_refused(customer_api, member):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()

    result = customer_api.query(UPDATE, {"input": {"birthday": future}})["loyaltyMemberUpdate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("birthday", "INVALID")]
    member.refresh_from_db()
    assert member.birthday is None
