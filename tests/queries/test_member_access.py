import graphene

from saleor_loyalty.models import Member
from tests.fixtures.users import grant

JOIN = "mutation { loyaltyJoin { member { id } errors { code } } }"
USER_LOYALTY = """
query($id: ID!) { user(id: $id) { email loyalty { pointsBalance referralCode } } }
"""


def _user_id(user):
    return graphene.Node.to_global_id("User", user.pk)


def test_staff_with_manage_users_reads_a_customers_membership(customer_api, staff_api, staff_user, customer_user):
    customer_api.query(JOIN)
    grant(staff_user, "manage_users")

    data = staff_api.query(USER_LOYALTY, {"id": _user_id(customer_user)})

    member = Member.objects.get(user=customer_user)
    assert data["user"]["loyalty"] == {"pointsBalance": 0, "referralCode": member.referral_code}


def test_customer_cannot_read_another_users_loyalty(customer_api, other_customer, customer_password):
    from tests.fixtures.api import ApiClient

    ApiClient().login(other_customer.email, customer_password).query(JOIN)

    content = customer_api.post(USER_LOYALTY, {"id": _user_id(other_customer)})

    assert content["data"]["user"] is None
    assert content["errors"][0]["message"] == "You do not have permission to perform this action"


def test_tier_member_count_needs_manage_users(api_client, staff_api, staff_user, customer_api):
    from saleor_loyalty.models import Tier

    Tier.objects.create(name="Member", slug="member", rank=0)
    customer_api.query(JOIN)
    query = "{ loyaltyProgram { tiers { name memberCount } } }"

    anonymous = api_client.post(query)
    grant(staff_user, "manage_users")
    staff = staff_api.query(query)

    assert anonymous["errors"][0]["message"] == "You do not have permission to perform this action"
    assert staff["loyaltyProgram"]["tiers"] == [{"name": "Member", "memberCount": 1}]
