import { useCallback, useEffect, useState } from "react";

import { ApiError, errorMessages, FieldError, request, Variables } from "./client";

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

export interface QueryOptions {
  /** Hold the query back. */
  skip?: boolean;
  /** Run again whenever this changes (e.g. after a mutation elsewhere on the page). */
  refreshKey?: unknown;
}

/** Run a query now and whenever its variables (or `refreshKey`) change. */
export function useQuery<T>(query: string, variables: Variables = {}, options: QueryOptions = {}): QueryState<T> {
  const { skip = false, refreshKey } = options;
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  // Which request the state answers: while it is not the current one, the query is loading.
  const requestKey = JSON.stringify([query, key, generation, refreshKey ?? null]);
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; answers: string | null }>({
    data: null,
    error: null,
    answers: null,
  });

  useEffect(() => {
    if (skip) return;
    let live = true;
    request<T>(query, JSON.parse(key))
      .then((data) => live && setState({ data, error: null, answers: requestKey }))
      .catch((error: ApiError) => live && setState({ data: null, error, answers: requestKey }));
    return () => {
      live = false;
    };
  }, [query, key, skip, requestKey]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const loading = !skip && state.answers !== requestKey;
  return { data: state.data, error: loading ? null : state.error, loading, reload };
}

export interface MutationState {
  running: boolean;
  /** What went wrong, in words: the payload's `errors`, or why the request failed. */
  errors: string[];
  /** The payload's `errors` as the API gave them, to show each next to its field. */
  fieldErrors: FieldError[];
}

/**
 * A mutation whose payload (under `field`) carries `errors`. `run` resolves to the
 * payload when it succeeded and to null when it did not (the errors are in the state).
 */
export function useMutation<P extends { errors: FieldError[] }>(query: string, field: string) {
  const [state, setState] = useState<MutationState>({ running: false, errors: [], fieldErrors: [] });

  const run = useCallback(
    async (variables: Variables): Promise<P | null> => {
      setState({ running: true, errors: [], fieldErrors: [] });
      try {
        const data = await request<Record<string, P | null>>(query, variables);
        const payload = data[field];
        const errors = payload ? errorMessages(payload.errors) : ["The server returned nothing."];
        setState({ running: false, errors, fieldErrors: payload?.errors ?? [] });
        return errors.length ? null : payload;
      } catch (error) {
        setState({ running: false, errors: [(error as Error).message], fieldErrors: [] });
        return null;
      }
    },
    [query, field],
  );
  return [run, state] as const;
}
