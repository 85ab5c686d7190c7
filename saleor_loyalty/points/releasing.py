"""The release run: points whose return window has closed become available, and what
follows from it at once, batch by batch (tier upgrades, referrers' rewards)."""
from datetime import datetime
from typing import Optional, Tuple

from saleor_loyalty.core.program import Program
from saleor_loyalty.engagement import referrals
from saleor_loyalty.points import pending
from saleor_loyalty.tiers import qualification


def release_due_points(program: Program, now: datetime,
                       members: Optional[Tuple[int, int]] = None):
    """Release what is due as of `now` (of the members in the id range `members`, or
    all); upgrade the tiers and reward the referrers of each batch's members."""
    def after_batch(member_ids):
        qualification.apply_upgrades(member_ids, program, now)
        referrals.reward_referrers(member_ids, program, now)

    pending.release_due(now, program.points_lifetime_days, after_batch=after_batch,
                        members=members)
