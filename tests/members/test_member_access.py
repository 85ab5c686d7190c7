from saleor_loyalty.members.models import Member
from tests.fixtures.api import gid

JOIN = "mutation { loyaltyJoin { member { id } errors { code } } }"
USER_LOYALTY = """
query($id: ID!) { user(id: $id) { email loyalty { pointsBalance referralCode } } }
"""


def test_staff_with_manage_users_reads_a_customers_membership(customer_api, manage_users_api, customer_user):
    customer_api.query(JOIN)

    data = manage_users_api.query(USER_LOYALTY, {"id": gid("User", customer_user)})

    member = Member.objects.get(user=customer_user)
    assert data["user"]["loyalty"] == {"pointsBalance": 0, "referralCode": member.referral_code}


def test_customer_cannot_read_another_users_loyalty(customer_api, other_customer, other_customer_api):
    other_customer_api.query(JOIN)

    content = customer_api.post(USER_LOYALTY, {"id": gid("User", other_customer)})

    assert content["data"]["user"] is None
    assert content["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_tier_member_count_needs_manage_users(api_client, manage_users_api, customer_api):
    from saleor_loyalty.tiers.models import Tier

    Tier.objects.create(name="Member", slug="member", rank=0)
    customer_api.query(JOIN)
    query = "{ loyaltyProgram { tiers { name memberCount } } }"

    anonymous = api_client.post(query)
    staff = manage_users_api.query(query)

    assert anonymous["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert staff["loyaltyProgram"]["tiers"] == [{"name": "Member", "memberCount": 1}]
