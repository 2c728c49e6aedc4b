import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { CatalogSnapshot, ExampleSnippet } from '../api/wire';

/** The catalog (reloaded on demand), whether the server answers, and its example queries. */
export function useCatalog() {
  const [catalog, setCatalog] = useState<CatalogSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [examples, setExamples] = useState<ExampleSnippet[] | null>(null);

  const reload = useCallback(() => {
    api
      .catalog()
      .then((c) => {
        setCatalog(c);
        setError(null);
      })
      .catch((e: Error) => {
        setError(
          e instanceof ApiError && e.status === 401
            ? 'not signed in — open the URL printed by the server'
            : e.message,
        );
      });
  }, []);
  useEffect(reload, [reload]);
  useEffect(() => {
    api
      .examples()
      .then((r) => setExamples(Array.isArray(r) ? r : r.examples))
      .catch(() => setExamples([]));
  }, []);

  return { catalog, error, online: error === null, examples, reload };
}
