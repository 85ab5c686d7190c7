"""Profile completion (first and last name, birthday, an address) gives points once."""
from datetime import date

from saleor.account.models import Address

from saleor_loyalty.engagement.tasks import reward_completed_profiles_task
from saleor_loyalty.points.models import PointsTransaction
from tests.fixtures.shop import US_ADDRESS, US_ADDRESS_INPUT

UPDATE = """
mutation($input: LoyaltyMemberUpdateInput!) {
  loyaltyMemberUpdate(input: $input) {
    member { pointsBalance smsNotifications pushNotifications emailNotifications }
    profilePointsAwarded
    errors { field code }
  }
}
"""
ADDRESS_CREATE = """
mutation($input: AddressInput!) {
  accountAddressCreate(input: $input) { address { id } errors { field message } }
}
"""


def _rows(member):
    return list(PointsTransaction.objects.filter(member=member, kind="engagement")
                .values_list("key", "points"))


def _update(api, **changes):
    return api.query(UPDATE, {"input": changes})["loyaltyMemberUpdate"]


def test_completing_the_profile_gives_points_once(customer_api, customer_user, member):
    customer_user.addresses.add(Address.objects.create(**US_ADDRESS))

    first = _update(customer_api, birthday="1990-04-02")
    second = _update(customer_api, birthday="1990-04-03")

    assert first["profilePointsAwarded"] == 50
    assert first["member"]["pointsBalance"] == 50
    assert second["profilePointsAwarded"] == 0
    assert second["member"]["pointsBalance"] == 50
    assert _rows(member) == [(f"profile:{member.pk}", 50)]
    member.refresh_from_db()
    assert member.profile_rewarded_at is not None


def test_an_incomplete_profile_gives_nothing(customer_api, member):
    result = _update(customer_api, birthday="1990-04-02")  # no address yet

    assert result["profilePointsAwarded"] == 0
    assert _rows(member) == []


def test_a_profile_completed_through_saleors_account_gets_points_from_the_nightly_job(
    customer_api, customer_user, member
):
    _update(customer_api, birthday="1990-04-02")
    created = customer_api.query(ADDRESS_CREATE, {"input": US_ADDRESS_INPUT})["accountAddressCreate"]
    assert created["errors"] == []

    first_run = reward_completed_profiles_task()
    second_run = reward_completed_profiles_task()

    assert (first_run, second_run) == (1, 0)
    assert _rows(member) == [(f"profile:{member.pk}", 50)]
    member.refresh_from_db()
    assert member.points_balance == 50
    assert member.birthday == date(1990, 4, 2)


def test_members_choose_sms_and_push(customer_api, member):
    chosen = _update(customer_api, smsNotifications=True, pushNotifications=True)
    unchanged = _update(customer_api, emailNotifications=False)

    assert chosen["member"] == {"pointsBalance": 0, "smsNotifications": True,
                                "pushNotifications": True, "emailNotifications": True}
    assert unchanged["member"]["smsNotifications"] is True
    assert unchanged["member"]["emailNotifications"] is False
