import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { useChannelChoice } from "../api/channels";
import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { TierChoice, useTierChoices } from "../api/program";
import { Card } from "../components/Card";
import { ChannelField } from "../components/ChannelField";
import { FieldRow, TextField } from "../components/Fields";
import { SearchForm } from "../components/SearchForm";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { GENERATION } from "../config";
import { formatMoney, Money } from "../format";

// Saleor 3 prices a variant in a channel (and lists the channel's products); Saleor 2.10 has none.
const IN_CHANNEL = GENERATION === "saleor3";

const PRODUCTS = `
  query ConsoleMemberPriceProducts($search: String${IN_CHANNEL ? ", $channel: String" : ""}) {
    products(first: 5, filter: { search: $search }${IN_CHANNEL ? ", channel: $channel" : ""}) {
      edges { node { id name variants {
        id name sku
        pricing { price { gross { amount currency } } }
        loyaltyMemberPrices { tier { id } price { amount currency } }
      } } }
    }
  }
`;

const PRICE_SET = `
  mutation ConsoleMemberPriceSet($variant: ID!, $tier: ID!, $price: Decimal!) {
    loyaltyMemberPriceSet(variant: $variant, tier: $tier, price: $price) { errors { field code message } }
  }
`;

// A price in another currency than the program's names its currency.
const PRICE_SET_IN_CURRENCY = `
  mutation ConsoleMemberPriceSetInCurrency($variant: ID!, $tier: ID!, $price: Decimal!, $currency: String) {
    loyaltyMemberPriceSet(variant: $variant, tier: $tier, price: $price, currency: $currency) {
      errors { field code message }
    }
  }
`;

const PRICE_DELETE = `
  mutation ConsoleMemberPriceDelete($variant: ID!, $tier: ID!) {
    loyaltyMemberPriceDelete(variant: $variant, tier: $tier) { errors { field code message } }
  }
`;

const PRICE_DELETE_IN_CURRENCY = `
  mutation ConsoleMemberPriceDeleteInCurrency($variant: ID!, $tier: ID!, $currency: String) {
    loyaltyMemberPriceDelete(variant: $variant, tier: $tier, currency: $currency) { errors { field code message } }
  }
`;

interface Variant {
  id: string;
  name: string;
  sku: string;
  pricing: { price: { gross: Money } | null } | null;
  loyaltyMemberPrices: { tier: { id: string }; price: Money }[];
}

interface Product {
  id: string;
  name: string;
  variants: Variant[];
}

/** What a price is in: the chosen channel's currency, and whether that is the program's own. */
interface PriceCurrency {
  currency: string;
  programs: boolean;
}

/**
 * Member prices per variant and tier: find products, then set or remove each tier's price. On
 * Saleor 3, staff choose the channel whose prices (and currency) they see and set.
 */
export function MemberPrices() {
  const [search, setSearch] = useState<string | null>(null);
  const { tiers, currency: programCurrency } = useTierChoices();
  const channel = useChannelChoice(programCurrency);
  const { data, error, loading, reload } = useQuery<{ products: { edges: { node: Product }[] } }>(
    PRODUCTS, IN_CHANNEL ? { search, channel: channel.channel } : { search },
    { skip: search === null || (IN_CHANNEL && !channel.channel) },
  );
  const priceCurrency = { currency: channel.currency, programs: channel.currency === programCurrency };

  const products = data?.products.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Member prices" testId="member-prices">
      <Text size={2} color="default2">
        A member pays the lowest price set on their tier or any tier below it (or their tier's discount, if better).
      </Text>
      <FieldRow>
        <ChannelField channel={channel} />
      </FieldRow>
      <SearchForm label="Find products" onSearch={setSearch} />
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !products.length && <Empty>No product matches.</Empty>}
      {products.map((product) => (
        <Box key={product.id} display="flex" flexDirection="column" gap={2}>
          <Text fontWeight="bold">{product.name}</Text>
          {product.variants.map((variant) => (
            <VariantPrices key={`${variant.id}-${priceCurrency.currency}`} variant={variant} tiers={tiers}
              priceCurrency={priceCurrency} onChanged={reload} />
          ))}
        </Box>
      ))}
    </Card>
  );
}

function VariantPrices({ variant, tiers, priceCurrency, onChanged }: {
  variant: Variant;
  tiers: TierChoice[];
  priceCurrency: PriceCurrency;
  onChanged: () => void;
}) {
  const prices = variant.loyaltyMemberPrices.filter((price) => price.price.currency === priceCurrency.currency);
  return (
    <Box className="variant-prices" padding={3} borderColor="default1" borderStyle="solid" borderWidth={1}
      borderRadius={3} display="flex" flexDirection="column" gap={2} data-testid="variant-prices"
      data-variant={variant.id}>
      <Text size={3}>
        {`${variant.name || variant.sku} · shop price ${formatMoney(variant.pricing?.price?.gross)}`}
      </Text>
      <FieldRow>
        {tiers.map((tier) => (
          <TierPrice key={tier.id} variant={variant} tier={tier} priceCurrency={priceCurrency} onChanged={onChanged}
            current={prices.find((price) => price.tier.id === tier.id)?.price} />
        ))}
      </FieldRow>
    </Box>
  );
}

function TierPrice({ variant, tier, priceCurrency, current, onChanged }: {
  variant: Variant;
  tier: TierChoice;
  priceCurrency: PriceCurrency;
  current?: Money;
  onChanged: () => void;
}) {
  const [price, setPrice] = useState(current ? String(current.amount) : "");
  const { programs, currency } = priceCurrency;
  const [set, setState] = useMutation<{ errors: FieldError[] }>(
    programs ? PRICE_SET : PRICE_SET_IN_CURRENCY, "loyaltyMemberPriceSet");
  const [remove, removeState] = useMutation<{ errors: FieldError[] }>(
    programs ? PRICE_DELETE : PRICE_DELETE_IN_CURRENCY, "loyaltyMemberPriceDelete");

  async function save() {
    const target = programs ? { variant: variant.id, tier: tier.id } : { variant: variant.id, tier: tier.id, currency };
    const done = price === "" ? await remove(target) : await set({ ...target, price });
    if (done) onChanged();
  }

  const changed = price !== (current ? String(current.amount) : "");
  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid="tier-price" data-tier={tier.name}
      data-value={current?.amount ?? ""} data-currency={currency}>
      <Box display="flex" gap={1} alignItems="flex-end">
        <TextField label={`${tier.name} (${currency})`} name={`price-${tier.id}`} type="number" value={price}
          onChange={setPrice} helperText={current ? `now ${formatMoney(current)}` : "no member price"} />
        <Button type="button" size="small" variant="secondary" disabled={!changed || setState.running || removeState.running}
          onClick={save}>{price === "" && current ? "Remove" : "Set"}</Button>
      </Box>
      <ErrorList errors={[...setState.errors, ...removeState.errors]} />
    </Box>
  );
}
