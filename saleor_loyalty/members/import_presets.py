"""Column-mapping presets for member imports (members.imports): which header of another
loyalty system's file holds which of our fields, and how its dates are written.

Fields: email (required), balance, lifetime, spent, tier, joined, birthday,
referral_code, referred_by, lots. Headers are matched without regard to case or the
spaces around them. README "Moving in: importing members" gives the sources of the
presets' column names.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

FIELDS = (
    "email", "balance", "lifetime", "spent", "tier", "joined", "birthday",
    "referral_code", "referred_by", "lots",
)


@dataclass(frozen=True)
class Preset:
    name: str
    # field -> the headers that may hold it, first match wins
    columns: Dict[str, Tuple[str, ...]]
    # "iso": 2024-03-01 (or an ISO date-time); "us": 03/01/2024 (also accepted: ISO)
    dates: str = "iso"
    # A birthday with this year means "day and month only" (Smile writes 1004).
    no_year: Optional[int] = None
    description: str = field(default="", compare=False)


GENERIC = Preset(
    name="generic",
    columns={
        "email": ("email", "e-mail"),
        "balance": ("points_balance", "balance", "points"),
        "lifetime": ("lifetime_points", "lifetime"),
        "spent": ("points_spent",),
        "tier": ("tier",),
        "joined": ("joined_at", "joined", "join_date"),
        "birthday": ("birthday", "date_of_birth"),
        "referral_code": ("referral_code",),
        "referred_by": ("referred_by", "referred_by_email"),
        "lots": ("lots", "point_lots"),
    },
    description="Our own column names (those of `loyalty_export members` where they exist).",
)

# Smile.io: the fields of its Customer object (dev.smile.io, "Customer object"), which
# its API and exports built on it carry, and the titles its admin export shows.
SMILE = Preset(
    name="smile",
    columns={
        "email": ("email",),
        "balance": ("points_balance", "points balance"),
        "tier": ("vip_tier", "vip tier", "vip_tier_name"),
        "joined": ("created_at", "created at"),
        "birthday": ("date_of_birth", "date of birth"),
    },
    no_year=1004,
    description="Smile.io customers (email, points_balance, vip_tier, date_of_birth, created_at).",
)

# Yotpo Loyalty & Referrals: the column titles of its customer import/export file
# (support.yotpo.com, "Importing/Exporting Points and Customers").
YOTPO = Preset(
    name="yotpo",
    columns={
        "email": ("email",),
        "balance": ("points balance",),
        "spent": ("points spent",),
        "tier": ("vip tier",),
        "birthday": ("birthday (mm/dd) or (mm/dd/yyyy)", "birthday"),
    },
    dates="us",
    description="Yotpo Loyalty customers (Email, Points Balance, Points Spent, Birthday).",
)

PRESETS = {preset.name: preset for preset in (GENERIC, SMILE, YOTPO)}


class UnknownPreset(ValueError):
    pass


class BadHeader(ValueError):
    pass


def get_preset(name: Optional[str]) -> Preset:
    preset = PRESETS.get((name or "generic").strip().lower())
    if preset is None:
        raise UnknownPreset(
            f"Unknown preset '{name}': use one of {', '.join(sorted(PRESETS))}.")
    return preset


def column_indexes(preset: Preset, header: List[str]) -> Dict[str, int]:
    """{field: index in the row} of the fields the header has; BadHeader without an
    e-mail column or with a column given twice."""
    titles = [title.strip().lower() for title in header]
    indexes = {}
    for name, candidates in preset.columns.items():
        for candidate in candidates:
            if candidate in titles:
                if titles.count(candidate) > 1:
                    raise BadHeader(f"The column '{candidate}' is there twice.")
                indexes[name] = titles.index(candidate)
                break
    if "email" not in indexes:
        raise BadHeader(
            f"No e-mail column: the {preset.name} preset reads it from "
            + " or ".join(f"'{c}'" for c in preset.columns["email"]) + ".")
    return indexes
