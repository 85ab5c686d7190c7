import { Box, Text } from "@saleor/macaw-ui";
import { ReactNode } from "react";

/** A titled panel, as Saleor's dashboard groups its forms and lists. */
export function Card({ title, actions, children, testId }: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Box
      as="section"
      className="card"
      data-testid={testId}
      backgroundColor="default1"
      borderColor="default1"
      borderStyle="solid"
      borderWidth={1}
      borderRadius={4}
      padding={5}
      display="flex"
      flexDirection="column"
      gap={4}
    >
      {(title || actions) && (
        <Box display="flex" justifyContent="space-between" alignItems="center" gap={3} flexWrap="wrap">
          {title && (
            <Text as="h2" size={5} fontWeight="bold">
              {title}
            </Text>
          )}
          {actions}
        </Box>
      )}
      {children}
    </Box>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box display="flex" justifyContent="space-between" alignItems="center" gap={3} flexWrap="wrap">
      <Text as="h1" size={8} fontWeight="bold">
        {title}
      </Text>
      {children}
    </Box>
  );
}
