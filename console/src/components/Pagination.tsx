import { Box, Button, Text } from "@saleor/macaw-ui";
import { useCallback, useState } from "react";

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Relay cursor pagination going forward and back: a stack of the pages' `after` cursors. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const next = useCallback((endCursor: string | null) => setCursors((stack) => [...stack, endCursor]), []);
  const previous = useCallback(() => setCursors((stack) => stack.slice(0, -1)), []);
  const reset = useCallback(() => setCursors([null]), []);
  return { after: cursors[cursors.length - 1], page: cursors.length, next, previous, reset };
}

export function Pager({ pages, pageInfo, totalCount, pageSize }: {
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: PageInfo;
  totalCount?: number | null;
  pageSize: number;
}) {
  const first = (pages.page - 1) * pageSize + 1;
  return (
    <Box display="flex" justifyContent="space-between" alignItems="center" gap={3} flexWrap="wrap">
      <Text size={2} color="default2" data-testid="pager-status">
        {totalCount != null ? `${totalCount} in all · page ${pages.page}` : `Page ${pages.page}`}
        {totalCount ? ` (from ${first})` : ""}
      </Text>
      <Box display="flex" gap={2}>
        <Button variant="secondary" size="small" disabled={pages.page === 1} onClick={pages.previous}>
          Previous
        </Button>
        <Button variant="secondary" size="small" disabled={!pageInfo.hasNextPage}
          onClick={() => pages.next(pageInfo.endCursor)}>
          Next
        </Button>
      </Box>
    </Box>
  );
}
