import { Box } from "@saleor/macaw-ui";
import { ReactNode } from "react";

import { Permission } from "../permissions";
import { PageHeader } from "./Card";
import { RequirePermission } from "./Guard";

/** A console page: its title (and header controls), and its content for staff allowed to see it. */
export function Page({ title, header, anyOf, what, children }: {
  title: string;
  header?: ReactNode;
  /** Staff need one of these permissions to see the content, `what` says what for. */
  anyOf?: Permission[];
  what?: string;
  children: ReactNode;
}) {
  return (
    <Box display="flex" flexDirection="column" gap={5}>
      <PageHeader title={title}>{header}</PageHeader>
      {anyOf ? <RequirePermission anyOf={anyOf} what={what ?? "see this page"}>{children}</RequirePermission> : children}
    </Box>
  );
}
