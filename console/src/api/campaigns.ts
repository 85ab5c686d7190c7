/** Campaigns: what is sent, to whom, and what it brought compared with its holdout. */
import { Money } from "../format";

export const CAMPAIGN_FIELDS = `id name status recipients processed createdAt holdoutPercent holdoutMembers
  tier { name } segment audience { id name }`;

export interface Campaign {
  id: string;
  name: string;
  status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
  recipients: number;
  processed: number;
  createdAt: string;
  holdoutPercent: number;
  holdoutMembers: number;
  tier: { name: string } | null;
  segment: string | null;
  audience: { id: string; name: string } | null;
}

export const CAMPAIGN_SEND = `
  mutation ConsoleCampaignSend($input: LoyaltyCampaignInput!) {
    loyaltyCampaignSend(input: $input) { campaign { ${CAMPAIGN_FIELDS} } errors { field code message } }
  }
`;

export const CAMPAIGN = `query ConsoleCampaign($id: ID!) { loyaltyCampaign(id: $id) { ${CAMPAIGN_FIELDS} } }`;

export const CAMPAIGNS = `
  query ConsoleCampaigns($first: Int, $after: String) {
    loyaltyCampaigns(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ${CAMPAIGN_FIELDS} } }
    }
  }
`;

const MONEY = "{ amount currency }";
const GROUP = `{ members membersOrdered orders revenue ${MONEY} revenuePerMember ${MONEY} }`;

export const CAMPAIGN_RESULTS = `
  query ConsoleCampaignResults($id: ID!, $windowDays: Int) {
    loyaltyCampaign(id: $id) {
      id holdoutPercent holdoutMembers
      results(windowDays: $windowDays) {
        windowDays windowEndsAt complete
        treated ${GROUP}
        holdout ${GROUP}
        upliftPerMember ${MONEY} upliftLow ${MONEY} upliftHigh ${MONEY} upliftRevenue ${MONEY}
        couponsUsed couponCost ${MONEY} pointsGiven pointsCost ${MONEY} cost ${MONEY} roi
      }
    }
  }
`;

export interface GroupResults {
  members: number;
  membersOrdered: number;
  orders: number;
  revenue: Money;
  revenuePerMember: Money;
}

export interface CampaignResults {
  windowDays: number;
  windowEndsAt: string;
  complete: boolean;
  treated: GroupResults;
  holdout: GroupResults;
  upliftPerMember: Money | null;
  upliftLow: Money | null;
  upliftHigh: Money | null;
  upliftRevenue: Money | null;
  couponsUsed: number;
  couponCost: Money;
  pointsGiven: number;
  pointsCost: Money;
  cost: Money;
  /** A Decimal, as the API writes it. */
  roi: string | number | null;
}
