import "@saleor/macaw-ui/style";
import "./styles.css";

import { ThemeProvider } from "@saleor/macaw-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { IN_DASHBOARD } from "./dashboard/bridge";
import { DashboardApp } from "./dashboard/DashboardApp";

// Standalone under /loyalty/ (sign in with Saleor), or inside Saleor 3's Dashboard under
// /loyalty/app/ (its token, its theme): the page says which (<meta name="loyalty-mode">).
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ThemeProvider defaultTheme="defaultLight">
      {IN_DASHBOARD ? <DashboardApp /> : <App />}
    </ThemeProvider>
  </StrictMode>,
);
