import type { KeyboardEvent } from 'react';
import { isActivationKey } from '../keyboard/activation-key';

/**
 * The props of a list entry that opens something when picked (a history entry, an example): a
 * focusable button to the keyboard too — Tab reaches it, Enter or Space picks it as a click does.
 *   <div className="history-item" {...pickableProps(() => onPick(sql))}>…</div>
 */
export function pickableProps(onPick: () => void) {
  return {
    role: 'button',
    tabIndex: 0,
    onClick: onPick,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.target !== e.currentTarget || !isActivationKey(e)) return;
      e.preventDefault();
      onPick();
    },
  } as const;
}
