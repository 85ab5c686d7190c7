/** A journey's settings in a few words, for lists. */
import { Journey, JourneyStep, TRIGGER_NAMES } from "../../api/journeys";
import { formatNumber, humanize } from "../../format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function triggerText(journey: Journey): string {
  const name = TRIGGER_NAMES[journey.trigger] ?? humanize(journey.trigger);
  if (journey.trigger === "NEAR_NEXT_TIER" && journey.pointsGap != null) {
    return `${name} (≤ ${formatNumber(journey.pointsGap)} points)`;
  }
  if (journey.trigger === "DATE" && journey.month && journey.day) return `${name} (${journey.day} ${MONTHS[journey.month - 1]})`;
  return name;
}

export function audienceText(journey: Journey): string {
  if (journey.tier) return `Tier ${journey.tier.name}`;
  if (journey.segment) return `Segment ${humanize(journey.segment)}`;
  return "All members";
}

export function waitText(hours: number): string {
  if (hours === 0) return "at once";
  if (hours % 24 === 0) return `after ${hours / 24} day${hours === 24 ? "" : "s"}`;
  return `after ${hours} h`;
}

export function stepText(step: JourneyStep): string {
  const gifts = [];
  if (step.bonusPoints) gifts.push(`${formatNumber(step.bonusPoints)} points`);
  if (step.couponValue != null) {
    gifts.push(step.couponValueType === "PERCENTAGE" ? `${step.couponValue}% coupon` : `${step.couponValue} off coupon`);
  }
  if (step.survey) gifts.push(`survey ${step.survey.name}`);
  const channels = Object.entries(step.templates).filter(([key, text]) => key !== "__typename" && text)
    .map(([key]) => (key === "email" ? "e-mail" : key.toUpperCase() === "SMS" ? "SMS" : key));
  const parts = [waitText(step.waitHours), channels.join("+") || "no message", ...gifts];
  return `${parts.join(" · ")} — sent ${formatNumber(step.sent)}`;
}
