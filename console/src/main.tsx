import "@saleor/macaw-ui/style";
import "./styles.css";

import { ThemeProvider } from "@saleor/macaw-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ThemeProvider defaultTheme="defaultLight">
      <App />
    </ThemeProvider>
  </StrictMode>,
);
