/** The program's tiers, which several pages offer as choices. */
import { Choice } from "../components/Fields";
import { useQuery } from "./hooks";

export const TIER_CHOICES_QUERY = `
  query ConsoleTierChoices { loyaltyProgram { currency tiers { id name rank } } }
`;

export interface TierChoice {
  id: string;
  name: string;
  rank: number;
}

export function useTierChoices(empty?: string): { choices: Choice[]; tiers: TierChoice[]; currency: string } {
  const { data } = useQuery<{ loyaltyProgram: { currency: string; tiers: TierChoice[] } }>(TIER_CHOICES_QUERY);
  const tiers = data?.loyaltyProgram.tiers ?? [];
  const choices = tiers.map((tier) => ({ value: tier.id, label: tier.name }));
  return {
    choices: empty === undefined ? choices : [{ value: "", label: empty }, ...choices],
    tiers,
    currency: data?.loyaltyProgram.currency ?? "",
  };
}

export const SEGMENTS = ["CHAMPIONS", "LOYAL", "POTENTIAL", "NEW", "AT_RISK", "DORMANT", "LOST"] as const;
export type Segment = (typeof SEGMENTS)[number];
