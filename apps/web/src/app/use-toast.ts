import { useCallback, useState } from 'react';

const SHOWN_MS = 2200;

/** A short notice that goes away by itself (a newer one replaces it). */
export function useToast() {
  const [toast, setToast] = useState<string | null>(null);
  const notify = useCallback((text: string) => {
    setToast(text);
    setTimeout(() => setToast((t) => (t === text ? null : t)), SHOWN_MS);
  }, []);
  return { toast, notify };
}
