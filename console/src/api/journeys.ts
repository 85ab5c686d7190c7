/** Member journeys: what the API returns, and the form's draft of a LoyaltyJourneyInput. */
import { Segment } from "./program";

export const TRIGGERS = ["ORDER_UNPAID", "CHECKOUT_LEFT", "ORDER_FULFILLED", "FIRST_ORDER", "NEAR_NEXT_TIER",
  "TIER_LAPSE", "DATE"] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const TRIGGER_NAMES: Record<Trigger, string> = {
  ORDER_UNPAID: "Order left unpaid",
  CHECKOUT_LEFT: "Checkout left",
  ORDER_FULFILLED: "Order fulfilled",
  FIRST_ORDER: "First order",
  NEAR_NEXT_TIER: "Close to the next tier",
  TIER_LAPSE: "Tier about to lapse",
  DATE: "A date each year",
};

export const CHANNELS = ["email", "sms", "push"] as const;
export type MessageChannel = (typeof CHANNELS)[number];
export const CHANNEL_NAMES: Record<MessageChannel, string> = { email: "E-mail", sms: "SMS", push: "Push" };

export const PLACEHOLDERS = ["first_name", "points", "tier", "coupon_code", "order_number", "survey_url"];

const STEP_FIELDS = `position waitHours bonusPoints couponValue couponValueType couponValidDays sent
  survey { id name } templates { email sms push }`;
export const JOURNEY_FIELDS = `id name trigger active segment pointsGap month day startsAt
  tier { id name } steps { ${STEP_FIELDS} }`;

export const JOURNEYS = `
  query ConsoleJourneys($first: Int, $after: String) {
    loyaltyJourneys(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${JOURNEY_FIELDS} } }
    }
  }
`;

export const JOURNEY = `query ConsoleJourney($id: ID!) { loyaltyJourney(id: $id) { ${JOURNEY_FIELDS} } }`;

const PAYLOAD = `journey { ${JOURNEY_FIELDS} } errors { field code message }`;
export const JOURNEY_CREATE = `
  mutation ConsoleJourneyCreate($input: LoyaltyJourneyInput!) { loyaltyJourneyCreate(input: $input) { ${PAYLOAD} } }
`;
export const JOURNEY_UPDATE = `
  mutation ConsoleJourneyUpdate($id: ID!, $input: LoyaltyJourneyInput!) {
    loyaltyJourneyUpdate(id: $id, input: $input) { ${PAYLOAD} }
  }
`;
export const JOURNEY_DELETE = `
  mutation ConsoleJourneyDelete($id: ID!) { loyaltyJourneyDelete(id: $id) { journey { id } errors { field code message } } }
`;

export interface JourneyStep {
  position: number;
  waitHours: number;
  bonusPoints: number;
  couponValue: number | string | null;
  couponValueType: "FIXED" | "PERCENTAGE" | null;
  couponValidDays: number | null;
  sent: number;
  survey: { id: string; name: string } | null;
  templates: Record<MessageChannel, string | null>;
}

export interface Journey {
  id: string;
  name: string;
  trigger: Trigger;
  active: boolean;
  segment: Segment | null;
  pointsGap: number | null;
  month: number | null;
  day: number | null;
  startsAt: string;
  tier: { id: string; name: string } | null;
  steps: JourneyStep[];
}

/** A step as the form edits it: every number as the text typed. */
export interface StepDraft {
  waitHours: string;
  bonusPoints: string;
  couponValue: string;
  couponValueType: string;
  couponValidDays: string;
  survey: string;
  templates: Record<MessageChannel, string>;
}

export interface JourneyDraft {
  name: string;
  trigger: Trigger;
  active: boolean;
  audience: "all" | "tier" | "segment";
  tier: string;
  segment: string;
  pointsGap: string;
  month: string;
  day: string;
  steps: StepDraft[];
}

export const EMPTY_STEP: StepDraft = { waitHours: "0", bonusPoints: "", couponValue: "", couponValueType: "FIXED",
  couponValidDays: "30", survey: "", templates: { email: "", sms: "", push: "" } };

export const EMPTY_JOURNEY: JourneyDraft = { name: "", trigger: "ORDER_FULFILLED", active: true, audience: "all",
  tier: "", segment: "CHAMPIONS", pointsGap: "200", month: "1", day: "1", steps: [EMPTY_STEP] };

const text = (value: number | string | null | undefined) => (value == null ? "" : String(value));

export function journeyDraft(journey: Journey): JourneyDraft {
  return {
    name: journey.name,
    trigger: journey.trigger,
    active: journey.active,
    audience: journey.tier ? "tier" : journey.segment ? "segment" : "all",
    tier: journey.tier?.id ?? "",
    segment: journey.segment ?? "CHAMPIONS",
    pointsGap: text(journey.pointsGap ?? 200),
    month: text(journey.month ?? 1),
    day: text(journey.day ?? 1),
    steps: journey.steps.map((step) => ({
      waitHours: text(step.waitHours),
      bonusPoints: step.bonusPoints ? text(step.bonusPoints) : "",
      couponValue: text(step.couponValue),
      couponValueType: step.couponValueType ?? "FIXED",
      couponValidDays: text(step.couponValidDays ?? 30),
      survey: step.survey?.id ?? "",
      templates: { email: step.templates.email ?? "", sms: step.templates.sms ?? "", push: step.templates.push ?? "" },
    })),
  };
}

const number = (value: string) => (value.trim() === "" ? null : Number(value));

/** The LoyaltyJourneyInput of a draft (only the trigger's own fields, only the chosen audience). */
export function journeyInput(draft: JourneyDraft) {
  return {
    name: draft.name,
    trigger: draft.trigger,
    active: draft.active,
    tier: draft.audience === "tier" ? draft.tier || null : null,
    segment: draft.audience === "segment" ? draft.segment : null,
    pointsGap: draft.trigger === "NEAR_NEXT_TIER" ? number(draft.pointsGap) : null,
    month: draft.trigger === "DATE" ? number(draft.month) : null,
    day: draft.trigger === "DATE" ? number(draft.day) : null,
    steps: draft.steps.map((step) => {
      const coupon = step.couponValue.trim() !== "";
      return {
        waitHours: number(step.waitHours) ?? 0,
        bonusPoints: number(step.bonusPoints) ?? 0,
        couponValue: coupon ? step.couponValue : null,
        couponValueType: coupon ? step.couponValueType : null,
        couponValidDays: coupon ? number(step.couponValidDays) : null,
        survey: step.survey || null,
        templates: step.templates,
      };
    }),
  };
}
