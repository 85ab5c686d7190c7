/**
 * The console inside Saleor 3's Dashboard (served under /loyalty/app/, README "Inside the
 * Saleor Dashboard"): the Dashboard loads each page in an iframe and hands it a token of the
 * signed-in staff user through app-bridge (@saleor/app-sdk), limited to the permissions of
 * the extension (a card) or of the app (the program page). The token becomes the console's
 * session (auth/session.ts), so the page never asks to sign in; a refreshed token replaces it.
 *
 * A staff user lacking the extension's permissions gets an empty token: app-sdk cannot decode
 * it (its handshake listener throws before any subscriber runs), so the page also watches for
 * that handshake itself and says which permission is missing.
 */
import { AppBridge, ThemeType } from "@saleor/app-sdk/app-bridge";

import { startSession } from "../auth/session";
import { meta } from "../config";

export const IN_DASHBOARD = meta("loyalty-mode") === "dashboard";

export type Connection = "waiting" | "connected" | "refused" | "outside";

interface Listener {
  connection: (state: Connection) => void;
  theme: (theme: ThemeType) => void;
}

/** The page's query: what the Dashboard says about where the page is (customerId, orderId, theme). */
export function param(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}

/** How long a page waits for the Dashboard before it says it must be opened there. */
const HANDSHAKE_WAIT_MS = 8000;

export function connect(listener: Listener): AppBridge {
  const apiUrl = param("saleorApiUrl") ?? new URL("/graphql/", window.location.href).toString();
  const bridge = new AppBridge({ saleorApiUrl: apiUrl, autoNotifyReady: true });
  let state: Connection = "waiting";
  const set = (next: Connection) => {
    state = next;
    listener.connection(next);
  };
  const useToken = ({ token }: { token: string }) => {
    startSession({ token, apiUrl, scheme: "Bearer" }, { remember: false });
    set("connected");
  };
  bridge.subscribe("handshake", useToken);
  bridge.subscribe("tokenRefresh", useToken);
  bridge.subscribe("theme", ({ theme }) => listener.theme(theme));
  const origin = document.referrer ? new URL(document.referrer).origin : null;
  window.addEventListener("message", ({ origin: from, data }) => {
    if (from === origin && data?.type === "handshake" && !data.payload?.token) set("refused");
  });
  window.setTimeout(() => state === "waiting" && set("outside"), HANDSHAKE_WAIT_MS);
  return bridge;
}
