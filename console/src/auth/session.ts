/**
 * The one place that knows how the console gets and keeps its staff token.
 *
 * Standalone (served by the plugin under /loyalty/): staff sign in with Saleor's
 * `tokenCreate`, and the sign-in page calls `startSession(..., { remember: true })`: the
 * token lives in sessionStorage (gone when the tab closes) and is sent as
 * `Authorization: JWT <token>` to Saleor 2.10 and `Authorization: Bearer <token>` to Saleor 3
 * (AUTH_SCHEME, from the host the page names).
 *
 * As a Saleor 3 dashboard extension (an iframe page of an app), the dashboard hands over
 * the token and the API URL through app-bridge instead: an adapter subscribed to its
 * "handshake" event calls `startSession({ token, apiUrl: saleorApiUrl, scheme: "Bearer" })`
 * (not remembered: the dashboard sends a fresh token whenever it has one) and the sign-in
 * page is never shown. Nothing else in the console changes (see README, "Loyalty console").
 */
import { AUTH_SCHEME, defaultApiUrl } from "../config";

export interface Session {
  token: string;
  /** The GraphQL endpoint every request goes to. */
  apiUrl: string;
  /** Authorization header prefix: "JWT" for Saleor 2.10, "Bearer" for Saleor 3. */
  scheme: "JWT" | "Bearer";
}

const STORAGE_KEY = "saleor-loyalty-console.token";
const listeners = new Set<() => void>();
let current: Session | null = restore();

function restore(): Session | null {
  const token = window.sessionStorage.getItem(STORAGE_KEY);
  return token ? { token, apiUrl: defaultApiUrl(), scheme: AUTH_SCHEME } : null;
}

function change(next: Session | null) {
  current = next;
  listeners.forEach((listener) => listener());
}

export function currentSession(): Session | null {
  return current;
}

export function apiUrl(): string {
  return current?.apiUrl ?? defaultApiUrl();
}

export function authorizationHeader(): Record<string, string> {
  return current ? { Authorization: `${current.scheme} ${current.token}` } : {};
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startSession(session: Session, { remember }: { remember: boolean }) {
  if (remember) window.sessionStorage.setItem(STORAGE_KEY, session.token);
  change(session);
}

export function signOut() {
  window.sessionStorage.removeItem(STORAGE_KEY);
  change(null);
}
