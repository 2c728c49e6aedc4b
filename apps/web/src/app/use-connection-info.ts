import { useEffect, useState } from 'react';
import type { ConnectionInfo } from '@dynascope/contract';
import { api } from '../api/client';

/** `GET /api/connection` while the Connect dialog is open. */
export function useConnectionInfo(open: boolean): { info: ConnectionInfo | undefined; error: string | null } {
  const [state, setState] = useState<{ info: ConnectionInfo | undefined; error: string | null }>({
    info: undefined,
    error: null,
  });
  useEffect(() => {
    if (!open) return;
    let live = true;
    api.connection().then(
      (info) => live && setState({ info, error: null }),
      (e: unknown) =>
        live && setState({ info: undefined, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [open]);
  return state;
}
