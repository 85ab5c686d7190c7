/** The console's only way to the server: POST a GraphQL document to Saleor's /graphql/. */
import { apiUrl, authorizationHeader, signOut } from "../auth/session";

export type ErrorKind = "network" | "unavailable" | "permission" | "unauthenticated" | "api";

export class ApiError extends Error {
  constructor(message: string, readonly kind: ErrorKind) {
    super(message);
  }
}

/** `errors { field code message }` of a loyalty (or Saleor) mutation payload. */
export interface FieldError {
  field?: string | null;
  code?: string | null;
  message?: string | null;
}

export type Variables = Record<string, unknown>;

const MISSING_FIELD = /Cannot query field "(\w+)" on type "(\w+)"|Unknown argument "(\w+)"|Unknown type "(\w+)"/;

/** Turn a GraphQL error into words a merchant can act on. */
function describe(message: string): ApiError {
  const missing = MISSING_FIELD.exec(message);
  if (missing) {
    const name = missing[1] || missing[3] || missing[4];
    return new ApiError(
      `This shop's API does not offer "${name}" yet: this part of the console needs a newer ` +
        "version of the loyalty plugin.",
      "unavailable",
    );
  }
  if (/permission/i.test(message)) {
    return new ApiError(`${message} Ask a shop owner for the permission.`, "permission");
  }
  if (/signature|token|decod/i.test(message)) {
    return new ApiError("Your session has ended. Please sign in again.", "unauthenticated");
  }
  return new ApiError(message, "api");
}

export async function request<T>(query: string, variables: Variables = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/json", ...authorizationHeader() },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError("The shop's server cannot be reached. Check your connection.", "network");
  }
  let body: { data?: T; errors?: { message: string }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} ${response.statusText}.`, "network");
  }
  if (body.errors?.length) {
    // A missing field names what is missing best; a missing input type comes with it.
    const messages = body.errors.map((e) => e.message);
    const error = describe(messages.find((m) => m.startsWith("Cannot query field")) ?? messages[0]);
    if (error.kind === "unauthenticated") signOut();
    throw error;
  }
  if (!body.data) throw new ApiError(`The server answered ${response.status} without data.`, "api");
  return body.data;
}

/** Words for the `errors` of a mutation payload, e.g. "threshold: Thresholds must rise with rank." */
export function errorMessages(errors: FieldError[]): string[] {
  return errors.map((error) => {
    const text = error.message || error.code || "Invalid value.";
    return error.field ? `${error.field}: ${text}` : text;
  });
}
