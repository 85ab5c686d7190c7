"""Reading a member import file into rows, each checked on its own and against the rest
of the file (members.imports checks them against the shop).

A row either is applied or skipped with one reason; an applied row may still carry
notes of what of it was not kept (a referral code or a referrer), reported beside the
skipped rows. Lots: `points@YYYY-MM-DD` separated by `;` (`120@2027-03-01;50`: a lot
without `@date` never expires); what the lots leave of the balance is a lot without
expiry.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from saleor_loyalty.members.import_presets import Preset, column_indexes

MAX_POINTS = 10 ** 9
REFERRAL_CODE = re.compile(r"^[A-Z0-9_-]{1,16}$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")


class BadFile(ValueError):
    pass


@dataclass
class Problem:
    line: int
    email: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "email": self.email, "reason": self.reason}


@dataclass
class Row:
    line: int
    email: str  # lower-cased
    balance: int = 0
    lifetime: int = 0
    tier_id: Optional[int] = None
    joined: Optional[datetime] = None
    birthday: Optional[date] = None
    referral_code: Optional[str] = None
    referred_by: Optional[str] = None  # lower-cased e-mail
    lots: List[Tuple[int, Optional[datetime]]] = field(default_factory=list)
    skip: Optional[str] = None  # why the row is not applied
    notes: List[str] = field(default_factory=list)  # what of it is not kept


class _Skip(Exception):
    pass


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile(f"The file is not UTF-8 text (byte {error.start}).")


def _email(text: str, what: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise _Skip(f"bad {what} '{text}'")
    return text.lower()


def _whole(text: str, what: str) -> Optional[int]:
    if text == "":
        return None
    try:
        number = int(text)
    except ValueError:
        raise _Skip(f"{what} '{text}' is not a whole number")
    if number < 0:
        raise _Skip(f"negative {what} {number}")
    if number > MAX_POINTS:
        raise _Skip(f"{what} {number} is more than {MAX_POINTS}")
    return number


def _day_of(text: str, dates: str) -> Optional[Tuple[Optional[int], int, int]]:
    """(year or None, month, day) of a date written as `dates` says ("iso" or "us"); None
    when it is not one."""
    match = _US_DATE.match(text) if dates == "us" else None
    if match:
        month, day, year = int(match.group(1)), int(match.group(2)), match.group(3)
        year = int(year) if year else None
    else:
        moment = None
        try:
            moment = parse_date(text) or parse_datetime(text.replace(" UTC", "Z"))
        except ValueError:
            pass
        if moment is None:
            return None
        year, month, day = moment.year, moment.month, moment.day
    try:
        date(year or 2000, month, day)
    except ValueError:
        return None
    return year, month, day


def _day(text: str, preset: Preset, what: str) -> Tuple[Optional[int], int, int]:
    day = _day_of(text, preset.dates)
    if day is None:
        raise _Skip(f"bad {what} '{text}'")
    return day


@lru_cache(maxsize=10000)
def _moment_of(text: str, dates: str, zone) -> Optional[datetime]:
    """A date-time (ISO, aware or read in `zone`) or a date (its start in `zone`); None
    when it is neither. Cached: a file repeats its dates (joined, lot expiry) a lot."""
    moment = None
    try:
        moment = parse_datetime(text.replace(" UTC", "Z"))
    except ValueError:
        pass
    if moment is None:
        day = _day_of(text, dates)
        if day is None or day[0] is None:
            return None
        moment = datetime.combine(date(*day), time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    return moment


def _moment(text: str, preset: Preset, what: str, zone) -> datetime:
    moment = _moment_of(text, preset.dates, zone)
    if moment is None:
        raise _Skip(f"bad {what} '{text}'")
    return moment


def _birthday(row: Row, text: str, preset: Preset, today: date):
    year, month, day = _day(text, preset, "birthday")
    if year is None or year == preset.no_year:
        row.notes.append(f"birthday '{text}' has no year: not kept")
        return
    birthday = date(year, month, day)
    if birthday > today or year < 1900:
        raise _Skip(f"birthday '{text}' is not a past date")
    row.birthday = birthday


def _lots(text: str, preset: Preset, now: datetime, zone
          ) -> List[Tuple[int, Optional[datetime]]]:
    lots = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        points_text, _, expiry_text = part.partition("@")
        try:
            points = int(points_text.strip())
        except ValueError:
            raise _Skip(f"bad lot '{part}' (points@YYYY-MM-DD)")
        if points <= 0:
            raise _Skip(f"bad lot '{part}': points must be positive")
        expires_at = None
        if expiry_text.strip():
            try:
                expires_at = _moment(expiry_text.strip(), preset, "lot expiry", zone)
            except _Skip:
                raise _Skip(f"bad lot '{part}' (points@YYYY-MM-DD)")
            if expires_at <= now:
                raise _Skip(f"lot '{part}' has expired already")
        lots.append((points, expires_at))
    return lots


def _read_row(line: int, cells: Dict[str, str], preset: Preset, tiers: Dict[str, int],
              now: datetime, today: date, zone) -> Row:
    row = Row(line=line, email=cells.get("email", "").lower())
    try:
        if not row.email:
            raise _Skip("e-mail missing")
        row.email = _email(cells["email"], "e-mail")
        balance = _whole(cells.get("balance", ""), "balance") or 0
        lifetime = _whole(cells.get("lifetime", ""), "lifetime points")
        spent = _whole(cells.get("spent", ""), "points spent")
        if lifetime is None:
            lifetime = balance + (spent or 0)
        if lifetime < balance:
            raise _Skip(f"lifetime points {lifetime} below the balance {balance}")
        row.balance, row.lifetime = balance, lifetime
        tier = cells.get("tier", "")
        if tier:
            row.tier_id = tiers.get(tier.lower())
            if row.tier_id is None:
                raise _Skip(f"unknown tier '{tier}'")
        if cells.get("joined"):
            row.joined = _moment(cells["joined"], preset, "joined date", zone)
            if row.joined > now:
                raise _Skip(f"joined date '{cells['joined']}' is in the future")
        if cells.get("birthday"):
            _birthday(row, cells["birthday"], preset, today)
        if cells.get("lots"):
            row.lots = _lots(cells["lots"], preset, now, zone)
            in_lots = sum(points for points, _ in row.lots)
            if in_lots > balance:
                raise _Skip(f"lots add up to {in_lots}, more than the balance {balance}")
        code = cells.get("referral_code", "").upper()
        if code:
            if REFERRAL_CODE.match(code):
                row.referral_code = code
            else:
                row.notes.append(
                    f"referral code '{cells['referral_code']}' is not 1-16 letters, digits, "
                    "'-' or '_': not kept")
        referrer = cells.get("referred_by", "")
        if referrer:
            try:
                row.referred_by = _email(referrer, "referred-by e-mail")
            except _Skip as error:
                row.notes.append(f"{error}: not linked")
    except _Skip as error:
        row.skip = str(error)
    return row


def read_rows(text: str, preset: Preset, tiers: Dict[str, int], now: datetime,
              today: date) -> List[Row]:
    """Every data row of the file (line numbers as in the file, the header on line 1),
    checked on its own and against the file: e-mails and referral codes given twice,
    referrers who are the member or make a cycle. `tiers`: {lower-cased name or slug:
    tier id}. BadFile when the header does not fit the preset."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile("The file is empty.")
    except csv.Error as error:
        raise BadFile(f"Line 1: {error}")
    try:
        indexes = column_indexes(preset, header)
    except ValueError as error:
        raise BadFile(str(error))
    zone = timezone.get_current_timezone()  # the shop's, for dates without one
    rows = []
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise BadFile(f"Line {reader.line_num}: {error}")
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "")
                  for name, i in indexes.items()}
        rows.append(_read_row(line, values, preset, tiers, now, today, zone))
    _check_across(rows)
    return rows


def _check_across(rows: List[Row]):
    first_line, code_line = {}, {}
    for row in rows:
        if row.email and row.email in first_line:
            if row.skip is None:
                row.skip = f"e-mail already on line {first_line[row.email]}"
            continue
        if row.email:
            first_line[row.email] = row.line
        if row.skip is None and row.referral_code:
            if row.referral_code in code_line:
                row.notes.append(f"referral code {row.referral_code} already on line "
                                 f"{code_line[row.referral_code]}: not kept")
                row.referral_code = None
            else:
                code_line[row.referral_code] = row.line
    _check_referrers([row for row in rows if row.skip is None])


def _check_referrers(rows: List[Row]):
    """Drop links to the member themselves and links closing a cycle (in file order)."""
    referrer_of = {}
    for row in rows:
        if row.referred_by is None:
            continue
        if row.referred_by == row.email:
            row.notes.append("referred by themselves: not linked")
            row.referred_by = None
            continue
        ancestor, seen = row.referred_by, set()
        while ancestor in referrer_of and ancestor not in seen:
            seen.add(ancestor)
            ancestor = referrer_of[ancestor]
        if ancestor == row.email or row.email in seen:
            row.notes.append(f"referred by {row.referred_by}, who was referred through "
                             "this member: not linked")
            row.referred_by = None
            continue
        referrer_of[row.email] = row.referred_by


def problems_of(rows: List[Row]) -> List[Problem]:
    """Skipped rows and notes, in file order."""
    problems = []
    for row in rows:
        if row.skip:
            problems.append(Problem(row.line, row.email, row.skip))
        problems += [Problem(row.line, row.email, note) for note in row.notes]
    return problems
