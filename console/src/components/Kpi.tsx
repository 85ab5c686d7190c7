import { Box, Text } from "@saleor/macaw-ui";
import { ReactNode } from "react";

/** One figure with its name; `value` is the raw number, kept for tests and tooltips. */
export function Kpi({ id, label, display, value, children }: {
  id: string;
  label: string;
  display: string;
  value: number | null | undefined;
  children?: ReactNode;
}) {
  return (
    <Box className="kpi card" data-testid={`kpi-${id}`} data-value={value ?? ""} backgroundColor="default1"
      borderColor="default1" borderStyle="solid" borderWidth={1} borderRadius={4} padding={4}
      display="flex" flexDirection="column" gap={2}>
      <Text size={2} color="default2">{label}</Text>
      <Text size={8} fontWeight="bold" className="kpi-value">{display}</Text>
      {children}
    </Box>
  );
}
