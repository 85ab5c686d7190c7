/** Where the Saleor GraphQL API is: the page's <meta name="saleor-api-url">, /graphql/ by default. */
export function defaultApiUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="saleor-api-url"]');
  return new URL(meta?.content || "/graphql/", window.location.href).toString();
}
