import { useEffect, useState } from 'react';
import type { DemoFill } from '@dynascope/contract';
import { api } from '../api/client';

const POLL_MS = 1000;
const RETRY_MS = 5000;

/** `GET /api/demo` every second while the demo's big table is filling; stops once it is not. */
export function useDemoFill(): DemoFill | null {
  const [fill, setFill] = useState<DemoFill | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      api.demo().then(
        (status) => {
          if (!live) return;
          setFill(status.fill);
          if (status.fill?.state === 'loading') timer = setTimeout(poll, POLL_MS);
        },
        () => live && (timer = setTimeout(poll, RETRY_MS)),
      );
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, []);
  return fill;
}
