import { useCallback, useState } from 'react';
import type { GuardDecision } from '../guard/cost-guard';

interface GuardPrompt {
  readonly decision: GuardDecision;
  readonly resolve: (ok: boolean) => void;
}

/** The cost guard's question as a promise: `confirm` shows it and resolves true to run anyway. */
export function useGuardPrompt() {
  const [prompt, setPrompt] = useState<GuardPrompt | null>(null);
  const confirm = useCallback(
    (decision: GuardDecision) =>
      new Promise<boolean>((resolve) => setPrompt({ decision, resolve })).finally(() => setPrompt(null)),
    [],
  );
  return { prompt, confirm };
}
