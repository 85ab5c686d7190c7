"""Member e-mails go through Saleor's templated e-mails, only to members who want them."""
from django.core import mail

from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.notifications import sending as notifications
from tests.fixtures.commit import run_on_commit_callbacks
from tests.fixtures.loyalty import make_member

JOIN = "mutation { loyaltyJoin { coupon { code } errors { code } } }"


def test_joining_sends_the_welcome_email_with_the_welcome_coupon(customer_api, customer_user,
                                                                  entry_tier, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    code = customer_api.query(JOIN)["loyaltyJoin"]["coupon"]["code"]
    run_on_commit_callbacks()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [customer_user.email]
    assert message.subject == "Welcome to Rewards Club"
    assert code in message.body and "Cora" in message.body


def test_members_who_turned_emails_off_get_none(customer_user, entry_tier, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    member = make_member(customer_user)
    member.email_notifications = False
    member.save()
    coupon = Coupon.objects.get(member=member)

    sent = notifications.send_member_email("coupon_issued", member.pk, coupon.pk)

    assert sent is False
    assert mail.outbox == []
