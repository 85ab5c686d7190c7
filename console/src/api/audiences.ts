/** Audiences (a filter over members, saved by name) and member tags. */
import { Segment } from "./program";

export const MESSAGE_CHANNELS = ["EMAIL", "SMS", "PUSH"] as const;

/** The filter as the builder edits it: lists of choices and every number as the text typed. */
export interface FilterDraft {
  tiers: string[];
  segments: Segment[];
  tags: string[];
  windowDays: string;
  ordersMin: string;
  ordersMax: string;
  aovMin: string;
  aovMax: string;
  lifetimeMin: string;
  daysSinceMin: string;
  daysSinceMax: string;
  pointsMin: string;
  pointsMax: string;
}

export const EMPTY_FILTER: FilterDraft = {
  tiers: [], segments: [], tags: [], windowDays: "365", ordersMin: "", ordersMax: "", aovMin: "", aovMax: "",
  lifetimeMin: "", daysSinceMin: "", daysSinceMax: "", pointsMin: "", pointsMax: "",
};

const int = (text: string) => (text.trim() === "" ? null : Math.trunc(Number(text)));
const money = (text: string) => (text.trim() === "" ? null : text.trim());

function range<T>(gte: T | null, lte: T | null) {
  return gte === null && lte === null ? undefined : { gte, lte };
}

/** The draft as a LoyaltyAudienceFilterInput: only the criteria given. */
export function filterInput(draft: FilterDraft): Record<string, unknown> {
  const input: Record<string, unknown> = {
    tiers: draft.tiers.length ? draft.tiers : undefined,
    segments: draft.segments.length ? draft.segments : undefined,
    tags: draft.tags.length ? draft.tags : undefined,
    windowDays: int(draft.windowDays) ?? undefined,
    orders: range(int(draft.ordersMin), int(draft.ordersMax)),
    averageOrderValue: range(money(draft.aovMin), money(draft.aovMax)),
    lifetimeSpend: range(money(draft.lifetimeMin), null),
    daysSinceLastOrder: range(int(draft.daysSinceMin), int(draft.daysSinceMax)),
    points: range(int(draft.pointsMin), int(draft.pointsMax)),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

const RANGE = "{ gte lte }";
export const FILTER_FIELDS = `tiers { id name } segments tags windowDays orders ${RANGE}
  averageOrderValue ${RANGE} windowSpend ${RANGE} lifetimeSpend ${RANGE} daysSinceLastOrder ${RANGE}
  points ${RANGE} joined ${RANGE} channels boughtCategories boughtProducts`;

type Range = { gte: number | string | null; lte: number | string | null } | null;

/** A saved filter, as the API gives it back. */
export interface AudienceFilter {
  tiers: { id: string; name: string }[];
  segments: Segment[];
  tags: string[];
  windowDays: number;
  orders: Range;
  averageOrderValue: Range;
  windowSpend: Range;
  lifetimeSpend: Range;
  daysSinceLastOrder: Range;
  points: Range;
  joined: Range;
  channels: string[];
  boughtCategories: string[];
  boughtProducts: string[];
}

function describeRange(name: string, value: Range, unit = ""): string | null {
  if (!value || (value.gte == null && value.lte == null)) return null;
  if (value.gte != null && value.lte != null) return `${name} ${value.gte}–${value.lte}${unit}`;
  return value.gte != null ? `${name} ≥ ${value.gte}${unit}` : `${name} ≤ ${value.lte}${unit}`;
}

/** "Tiers Gold · orders ≥ 2 in 730 days" */
export function describeFilter(filter: AudienceFilter | null): string {
  if (!filter) return "–";
  const inWindow = [describeRange("orders", filter.orders), describeRange("average order", filter.averageOrderValue),
    describeRange("spend", filter.windowSpend)].filter(Boolean);
  const parts = [
    filter.tiers.length ? `tiers ${filter.tiers.map((t) => t.name).join(", ")}` : null,
    filter.segments.length ? `segments ${filter.segments.join(", ").toLowerCase()}` : null,
    filter.tags.length ? `tags ${filter.tags.join(", ")}` : null,
    inWindow.length ? `${inWindow.join(", ")} in ${filter.windowDays} days` : null,
    describeRange("lifetime spend", filter.lifetimeSpend),
    describeRange("last order", filter.daysSinceLastOrder, " days ago"),
    describeRange("points", filter.points),
    describeRange("joined", filter.joined),
    filter.channels.length ? `opted in to ${filter.channels.join(", ").toLowerCase()}` : null,
    filter.boughtCategories.length ? `bought from ${filter.boughtCategories.length} categories` : null,
    filter.boughtProducts.length ? `bought ${filter.boughtProducts.length} products` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "Every member";
}

export const PREVIEW_SAMPLE = 10;

export const AUDIENCE_PREVIEW = `
  query ConsoleAudiencePreview($filter: LoyaltyAudienceFilterInput!, $first: Int) {
    loyaltyAudiencePreview(filter: $filter) {
      count
      sample(first: $first) { id pointsBalance tier { name } user { email } }
    }
  }
`;

export interface Preview {
  count: number;
  sample: { id: string; pointsBalance: number; tier: { name: string } | null; user: { email: string } }[];
}

export interface Audience {
  id: string;
  name: string;
  createdAt: string;
  filter: AudienceFilter;
}

const AUDIENCE_FIELDS = `id name createdAt filter { ${FILTER_FIELDS} }`;

export const AUDIENCES = `
  query ConsoleAudiences { loyaltyAudiences(first: 100) { totalCount edges { node { ${AUDIENCE_FIELDS} } } } }
`;

export const AUDIENCE_CHOICES = `query ConsoleAudienceChoices { loyaltyAudiences(first: 100) { edges { node { id name } } } }`;

export const AUDIENCE_CREATE = `
  mutation ConsoleAudienceCreate($input: LoyaltyAudienceInput!) {
    loyaltyAudienceCreate(input: $input) { audience { id name } errors { field code message } }
  }
`;

export const AUDIENCE_DELETE = `
  mutation ConsoleAudienceDelete($id: ID!) {
    loyaltyAudienceDelete(id: $id) { audience { id } errors { field code message } }
  }
`;

export interface Tag {
  id: string;
  name: string;
  memberCount: number;
  ruleAppliedAt: string | null;
  rule: AudienceFilter | null;
}

export const TAGS = `
  query ConsoleTags {
    loyaltyTags(first: 100) { edges { node { id name memberCount ruleAppliedAt rule { ${FILTER_FIELDS} } } } }
  }
`;

export const TAG_CREATE = `
  mutation ConsoleTagCreate($input: LoyaltyTagInput!) {
    loyaltyTagCreate(input: $input) { tag { id name } errors { field code message } }
  }
`;

export const TAG_DELETE = `
  mutation ConsoleTagDelete($id: ID!) { loyaltyTagDelete(id: $id) { tag { id } errors { field code message } } }
`;

/** A saved filter back as a LoyaltyAudienceFilterInput (to preview it). */
export function savedFilterInput(filter: AudienceFilter): Record<string, unknown> {
  const ranges = ["orders", "averageOrderValue", "windowSpend", "lifetimeSpend", "daysSinceLastOrder", "points",
    "joined"] as const;
  const input: Record<string, unknown> = {
    tiers: filter.tiers.map((tier) => tier.id), segments: filter.segments, tags: filter.tags,
    windowDays: filter.windowDays, channels: filter.channels, boughtCategories: filter.boughtCategories,
    boughtProducts: filter.boughtProducts,
  };
  for (const name of ranges) {
    const value = filter[name];
    if (value && (value.gte != null || value.lte != null)) input[name] = { gte: value.gte, lte: value.lte };
  }
  return input;
}

export const SAVED_AUDIENCE = `
  query ConsoleSavedAudience($id: ID!) { loyaltyAudience(id: $id) { id filter { ${FILTER_FIELDS} } } }
`;
