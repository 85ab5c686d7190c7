import { Box, Button, Text } from "@saleor/macaw-ui";
import { ReactNode } from "react";

import { signOut } from "../auth/session";
import { IN_DASHBOARD } from "../dashboard/bridge";
import { href } from "../router";
import { useViewer } from "../viewer";

export const SECTIONS = [
  { path: "overview", label: "Overview" },
  { path: "members", label: "Members" },
  { path: "tiers", label: "Tiers" },
  { path: "member-only", label: "Member-only products" },
  { path: "rewards", label: "Points mall" },
  { path: "campaigns", label: "Campaigns" },
  { path: "segments", label: "Segments" },
  { path: "audiences", label: "Audiences" },
  { path: "returning", label: "Returning customers" },
  { path: "journeys", label: "Journeys" },
  { path: "surveys", label: "Surveys" },
];

/**
 * Saleor-dashboard-like frame: navigation on the left (on top on a phone), the page beside it.
 * Inside the Dashboard (its app page), which has its own menu and sign-in, the sections are
 * tabs on top and there is no signing out.
 */
export function Layout({ section, children }: { section: string; children: ReactNode }) {
  const viewer = useViewer();
  return (
    <div className={IN_DASHBOARD ? "layout in-dashboard" : "layout"}>
      <nav className="sidebar" aria-label="Console sections">
        <Text as="strong" size={5} fontWeight="bold" className="brand">Loyalty</Text>
        <ul>
          {SECTIONS.map((item) => (
            <li key={item.path}>
              <a href={href(item.path)} aria-current={item.path === section ? "page" : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
        <Box className="account" display="flex" flexDirection="column" gap={2}>
          <Text size={2} color="default2" data-testid="viewer-email">{viewer.email}</Text>
          {!IN_DASHBOARD && <Button variant="tertiary" size="small" onClick={signOut}>Sign out</Button>}
        </Box>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
