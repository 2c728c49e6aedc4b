import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { failureLine } from '../api/failure-text';
import type { CatalogSnapshot, ExampleSnippet } from '../api/wire';

/** The catalog (reloaded on demand), whether the server answers, and its example queries. */
export function useCatalog() {
  const [catalog, setCatalog] = useState<CatalogSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [examples, setExamples] = useState<ExampleSnippet[] | null>(null);
  const [examplesError, setExamplesError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api
      .catalog()
      .then((c) => {
        setCatalog(c);
        setError(null);
      })
      .catch((e: unknown) => setError(failureLine(e)));
  }, []);
  useEffect(reload, [reload]);
  useEffect(() => {
    api
      .examples()
      .then((r) => setExamples(Array.isArray(r) ? r : r.examples))
      .catch((e: unknown) => setExamplesError(failureLine(e)));
  }, []);

  return { catalog, error, online: error === null, examples, examplesError, reload };
}
