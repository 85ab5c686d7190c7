/** What the page that serves the console says about the shop (its <meta> tags). */
export function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
}

/** Where the Saleor GraphQL API is: the page's <meta name="saleor-api-url">, /graphql/ by default. */
export function defaultApiUrl(): string {
  return new URL(meta("saleor-api-url") || "/graphql/", window.location.href).toString();
}

export type Generation = "saleor2" | "saleor3";

/**
 * Which Saleor serves the API: the page's <meta name="saleor-generation">, which the plugin's
 * view sets to the running host ("saleor2" by default). Saleor 3 takes Bearer tokens and
 * sells in channels (each with its currency); Saleor 2.10 takes JWT tokens and has one currency.
 */
export const GENERATION: Generation = meta("saleor-generation") === "saleor3" ? "saleor3" : "saleor2";

/** The Authorization header prefix the host expects. */
export const AUTH_SCHEME = GENERATION === "saleor3" ? "Bearer" : "JWT";
