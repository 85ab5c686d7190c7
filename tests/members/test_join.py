import datetime

from saleor_loyalty.members.models import Member
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.program_switch import switch_program

JOIN = """
mutation Join($input: LoyaltyJoinInput) {
  loyaltyJoin(input: $input) {
    member { id referralCode pointsBalance tier { name } birthday }
    errors { field code message }
  }
}
"""
ME = """
{
  me {
    email
    loyalty { id pointsBalance pendingPoints lifetimePoints tier { name } referralCode joinedAt }
  }
}
"""


def test_customer_joins_and_sees_membership_in_me(customer_api, customer_user):
    # given an entry tier
    Tier.objects.create(name="Member", slug="member", rank=0)

    # when
    joined = customer_api.query(JOIN)["loyaltyJoin"]
    me = customer_api.query(ME)["me"]

    # then
    assert joined["errors"] == []
    assert joined["member"]["tier"] == {"name": "Member"}
    assert me["email"] == customer_user.email
    loyalty = me["loyalty"]
    assert loyalty["id"] == joined["member"]["id"]
    assert loyalty["referralCode"] == joined["member"]["referralCode"]
    assert len(loyalty["referralCode"]) == 8
    assert (loyalty["pointsBalance"], loyalty["pendingPoints"], loyalty["lifetimePoints"]) == (0, 0, 0)
    assert loyalty["tier"] == {"name": "Member"}
    assert loyalty["joinedAt"]


def test_me_loyalty_is_null_before_joining(customer_api):
    assert customer_api.query(ME)["me"]["loyalty"] is None


def test_second_join_answers_already_member(customer_api):
    customer_api.query(JOIN)

    result = customer_api.query(JOIN)["loyaltyJoin"]

    assert result["member"] is None
    assert [e["code"] for e in result["errors"]] == ["ALREADY_MEMBER"]
    assert Member.objects.count() == 1


def test_anonymous_join_answers_permission_denied(api_client, db):
    result = api_client.query(JOIN)["loyaltyJoin"]

    assert result["member"] is None
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert Member.objects.count() == 0


def test_join_with_birthday_records_it(customer_api):
    result = customer_api.query(JOIN, {"input": {"birthday": "1990-04-02"}})["loyaltyJoin"]

    assert result["errors"] == []
    assert result["member"]["birthday"] == "1990-04-02"


def test_join_with_future_birthday_is_refused(customer_api):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    result = customer_api.query(JOIN, {"input": {"birthday": tomorrow.isoformat()}})["loyaltyJoin"]

    assert result["errors"] == [
        {"field": "birthday", "code": "INVALID", "message": "Birthday must be a past date."}
    ]
    assert Member.objects.count() == 0


def test_join_with_referral_code_links_the_referrer(customer_api, other_customer, other_customer_api):
    code = other_customer_api.query(JOIN)["loyaltyJoin"]["member"]["referralCode"]

    result = customer_api.query(JOIN, {"input": {"referralCode": code.lower()}})["loyaltyJoin"]

    assert result["errors"] == []
    member = Member.objects.get(user__email="customer@example.com")
    assert member.referred_by.user == other_customer


def test_join_with_unknown_referral_code_is_refused(customer_api):
    result = customer_api.query(JOIN, {"input": {"referralCode": "NOSUCH22"}})["loyaltyJoin"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("referralCode", "INVALID_REFERRAL_CODE")
    ]
    assert Member.objects.count() == 0


def test_join_is_refused_while_the_program_is_inactive(customer_api, manage_plugins_api):
    switch_program(manage_plugins_api, active=False)

    result = customer_api.query(JOIN)["loyaltyJoin"]

    assert [e["code"] for e in result["errors"]] == ["PROGRAM_INACTIVE"]
    assert Member.objects.count() == 0
