from saleor_loyalty.coupons.models import Reward


def resolve_loyalty_rewards():
    return Reward.objects.all()
