"""Every model of the app, for Django: each lives in its domain's models module."""
from saleor_loyalty.catalogue.models import MemberPrice, ProductAccess  # noqa: F401
from saleor_loyalty.core.models import JobChunk, JobRun, ProgramPause  # noqa: F401
from saleor_loyalty.coupons.models import Coupon, CouponKind, Reward, RewardKind  # noqa: F401
from saleor_loyalty.engagement.models import (  # noqa: F401
    Campaign,
    CampaignGrant,
    CampaignStatus,
    CheckIn,
    Journey,
    JourneySend,
    JourneyStep,
    JourneyTrigger,
    Survey,
    SurveyAnswer,
)
from saleor_loyalty.insight.models import (  # noqa: F401
    Audience,
    CustomerFirstOrder,
    CustomerSpend,
    MemberSegment,
    MemberTag,
    PaidOrder,
    Segment,
    SegmentRun,
    Tag,
    TagSource,
)
from saleor_loyalty.members.models import Member, MemberImport, MemberImportStatus  # noqa: F401
from saleor_loyalty.notifications.models import (  # noqa: F401
    Delivery,
    DeliveryStatus,
    ExpiryReminder,
    MessageChannel,
)
from saleor_loyalty.points.models import (  # noqa: F401
    LIFETIME_KINDS,
    PointsTransaction,
    TransactionKind,
    TransactionStatus,
)
from saleor_loyalty.tiers.models import (  # noqa: F401
    MembershipPurchase,
    Tier,
    TierChange,
    TierChangeReason,
    TierQualification,
)
