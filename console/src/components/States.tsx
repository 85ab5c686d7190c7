import { Box, Skeleton, Text } from "@saleor/macaw-ui";

import { ApiError } from "../api/client";
import { Permission, PERMISSION_NAMES } from "../permissions";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <Box display="flex" flexDirection="column" gap={2} role="status" aria-label={label}>
      <Skeleton height={4} />
      <Skeleton height={4} __width="80%" />
      <Skeleton height={4} __width="60%" />
    </Box>
  );
}

export function Notice({ tone, title, children, testId }: {
  tone: "critical" | "info" | "warning";
  title: string;
  children?: React.ReactNode;
  testId?: string;
}) {
  const background = tone === "critical" ? "critical1" : tone === "warning" ? "warning1" : "info1";
  return (
    <Box role={tone === "critical" ? "alert" : "note"} data-testid={testId} backgroundColor={background}
      borderRadius={3} padding={4} display="flex" flexDirection="column" gap={1}>
      <Text fontWeight="bold">{title}</Text>
      {children && <Text size={3}>{children}</Text>}
    </Box>
  );
}

export function ErrorNotice({ error }: { error: ApiError | Error }) {
  const title =
    error instanceof ApiError && error.kind === "unavailable" ? "Not available yet" : "Something went wrong";
  return (
    <Notice tone="critical" title={title} testId="error">
      {error.message}
    </Notice>
  );
}

/** The `errors` a mutation answered with, in words. */
export function ErrorList({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <Notice tone="critical" title="Not saved" testId="form-errors">
      {errors.map((message) => (
        <span key={message} style={{ display: "block" }}>
          {message}
        </span>
      ))}
    </Notice>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <Box padding={6} display="flex" justifyContent="center" data-testid="empty">
      <Text color="default2">{children}</Text>
    </Box>
  );
}

export function PermissionNotice({ permissions, what }: { permissions: Permission[]; what: string }) {
  return (
    <Notice tone="warning" title="Permission needed" testId="permission-missing">
      {`To ${what} you need ${permissions.map((p) => PERMISSION_NAMES[p]).join(" or ")}. ` +
        "Ask a shop owner to add it to your staff account in Saleor's dashboard."}
    </Notice>
  );
}
