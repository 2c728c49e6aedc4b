import { useCallback, useState } from 'react';

const KEY = 'dynascope.panels';

/** Which side panels are shown; kept in localStorage so a narrow screen stays as the reader left it. */
export function usePanels() {
  const [shown, setShown] = useState<{ sidebar: boolean; plan: boolean }>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as { sidebar?: unknown; plan?: unknown };
      return { sidebar: saved.sidebar !== false, plan: saved.plan !== false };
    } catch {
      return { sidebar: true, plan: true };
    }
  });
  const onToggle = useCallback((panel: 'sidebar' | 'plan') => {
    setShown((s) => {
      const next = { ...s, [panel]: !s[panel] };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return { ...shown, onToggle };
}
