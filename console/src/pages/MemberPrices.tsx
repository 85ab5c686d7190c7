import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { TierChoice, useTierChoices } from "../api/program";
import { Card } from "../components/Card";
import { FieldRow, TextField } from "../components/Fields";
import { SearchForm } from "../components/SearchForm";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { formatMoney, Money } from "../format";

const PRODUCTS = `
  query ConsoleMemberPriceProducts($search: String) {
    products(first: 5, filter: { search: $search }) {
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

const PRICE_DELETE = `
  mutation ConsoleMemberPriceDelete($variant: ID!, $tier: ID!) {
    loyaltyMemberPriceDelete(variant: $variant, tier: $tier) { errors { field code message } }
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

/** Member prices per variant and tier: find products, then set or remove each tier's price. */
export function MemberPrices() {
  const [search, setSearch] = useState<string | null>(null);
  const { tiers } = useTierChoices();
  const { data, error, loading, reload } = useQuery<{ products: { edges: { node: Product }[] } }>(
    PRODUCTS, { search }, { skip: search === null },
  );

  const products = data?.products.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Member prices" testId="member-prices">
      <Text size={2} color="default2">
        A member pays the lowest price set on their tier or any tier below it (or their tier's discount, if better).
      </Text>
      <SearchForm label="Find products" onSearch={setSearch} />
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !products.length && <Empty>No product matches.</Empty>}
      {products.map((product) => (
        <Box key={product.id} display="flex" flexDirection="column" gap={2}>
          <Text fontWeight="bold">{product.name}</Text>
          {product.variants.map((variant) => (
            <VariantPrices key={variant.id} variant={variant} tiers={tiers} onChanged={reload} />
          ))}
        </Box>
      ))}
    </Card>
  );
}

function VariantPrices({ variant, tiers, onChanged }: { variant: Variant; tiers: TierChoice[]; onChanged: () => void }) {
  return (
    <Box className="variant-prices" padding={3} borderColor="default1" borderStyle="solid" borderWidth={1}
      borderRadius={3} display="flex" flexDirection="column" gap={2}>
      <Text size={3}>
        {`${variant.name || variant.sku} · shop price ${formatMoney(variant.pricing?.price?.gross)}`}
      </Text>
      <FieldRow>
        {tiers.map((tier) => (
          <TierPrice key={tier.id} variant={variant} tier={tier} onChanged={onChanged}
            current={variant.loyaltyMemberPrices.find((price) => price.tier.id === tier.id)?.price} />
        ))}
      </FieldRow>
    </Box>
  );
}

function TierPrice({ variant, tier, current, onChanged }: {
  variant: Variant;
  tier: TierChoice;
  current?: Money;
  onChanged: () => void;
}) {
  const [price, setPrice] = useState(current ? String(current.amount) : "");
  const [set, setState] = useMutation<{ errors: FieldError[] }>(PRICE_SET, "loyaltyMemberPriceSet");
  const [remove, removeState] = useMutation<{ errors: FieldError[] }>(PRICE_DELETE, "loyaltyMemberPriceDelete");

  async function save() {
    const done = price === ""
      ? await remove({ variant: variant.id, tier: tier.id })
      : await set({ variant: variant.id, tier: tier.id, price });
    if (done) onChanged();
  }

  const changed = price !== (current ? String(current.amount) : "");
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box display="flex" gap={1} alignItems="flex-end">
        <TextField label={tier.name} name={`price-${tier.id}`} type="number" value={price} onChange={setPrice}
          helperText={current ? `now ${formatMoney(current)}` : "no member price"} />
        <Button type="button" size="small" variant="secondary" disabled={!changed || setState.running || removeState.running}
          onClick={save}>{price === "" && current ? "Remove" : "Set"}</Button>
      </Box>
      <ErrorList errors={[...setState.errors, ...removeState.errors]} />
    </Box>
  );
}
