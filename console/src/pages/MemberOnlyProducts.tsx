import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { FieldError } from "../api/client";
import { useMutation, useQuery } from "../api/hooks";
import { useTierChoices } from "../api/program";
import { Card } from "../components/Card";
import { Choice, FieldRow, SelectField } from "../components/Fields";
import { PageInfo, Pager, useCursorPages } from "../components/Pagination";
import { Page } from "../components/Page";
import { SearchForm } from "../components/SearchForm";
import { Empty, ErrorList, ErrorNotice, Loading } from "../components/States";
import { GENERATION } from "../config";

const PAGE_SIZE = 20;
// Saleor 3 publishes a product per channel; Saleor 2.10 publishes it or not.
const PUBLISHED = GENERATION === "saleor3" ? "channelListings { isPublished }" : "isPublished";

const PRODUCTS = `
  query ConsoleMemberOnlyProducts($search: String, $first: Int, $after: String) {
    products(first: $first, after: $after, filter: { search: $search }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name ${PUBLISHED} loyalty { memberOnly minimumTier { id name } } } }
    }
  }
`;

const SET_MEMBER_ONLY = `
  mutation ConsoleProductSetMemberOnly($product: ID!, $minimumTier: ID) {
    loyaltyProductSetMemberOnly(product: $product, minimumTier: $minimumTier) {
      product { id loyalty { memberOnly minimumTier { id name } } }
      errors { field code message }
    }
  }
`;

interface Product {
  id: string;
  name: string;
  isPublished?: boolean;
  channelListings?: { isPublished: boolean }[];
  loyalty: { memberOnly: boolean; minimumTier: { id: string; name: string } | null } | null;
}

export function MemberOnlyProducts() {
  return (
    <Page title="Member-only products" anyOf={["MANAGE_PRODUCTS"]} what="choose member-only products">
      <ProductList />
    </Page>
  );
}

function ProductList() {
  const [text, setText] = useState("");
  const pages = useCursorPages();
  const { choices } = useTierChoices("Everyone (not member-only)");
  const { data, error, loading } = useQuery<{
    products: { totalCount: number; pageInfo: PageInfo; edges: { node: Product }[] };
  }>(PRODUCTS, { search: text || null, first: PAGE_SIZE, after: pages.after });

  function search(value: string) {
    pages.reset();
    setText(value);
  }

  const products = data?.products.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Products">
      <Text size={2} color="default2">
        A member-only product is hidden from guests and from members below its tier, and they cannot buy it.
      </Text>
      <SearchForm label="Find products" onSearch={search} />
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && !products.length && <Empty>No product matches.</Empty>}
      <Box display="flex" flexDirection="column" gap={2} data-testid="member-only-list">
        {products.map((product) => (
          <ProductRule key={product.id} product={product} choices={choices} />
        ))}
      </Box>
      {data && <Pager pages={pages} pageInfo={data.products.pageInfo} totalCount={data.products.totalCount}
        pageSize={PAGE_SIZE} />}
    </Card>
  );
}

function published(product: Product): boolean {
  return product.isPublished ?? (product.channelListings ?? []).some((listing) => listing.isPublished);
}

function ProductRule({ product, choices }: { product: Product; choices: Choice[] }) {
  const current = product.loyalty?.minimumTier?.id ?? "";
  const [tier, setTier] = useState(current);
  const [saved, setSaved] = useState(current);
  const [save, state] = useMutation<{ errors: FieldError[] }>(SET_MEMBER_ONLY, "loyaltyProductSetMemberOnly");

  async function apply() {
    if (await save({ product: product.id, minimumTier: tier || null })) setSaved(tier);
  }

  return (
    <Box className="product-rule" display="flex" flexDirection="column" gap={2} padding={3}
      borderColor="default1" borderStyle="solid" borderWidth={1} borderRadius={3}>
      <FieldRow>
        <Box flexGrow="1">
          <Text fontWeight="bold">{product.name}</Text>
          <Text size={2} color="default2" display="block">
            {saved ? "Member-only" : "Open to everyone"}
            {published(product) ? "" : " · not published"}
          </Text>
        </Box>
        <SelectField label="Minimum tier" name="minimumTier" value={tier} onChange={setTier} choices={choices} />
        <Button type="button" variant="secondary" size="small" disabled={tier === saved || state.running}
          onClick={apply}>Save</Button>
      </FieldRow>
      <ErrorList errors={state.errors} />
    </Box>
  );
}
