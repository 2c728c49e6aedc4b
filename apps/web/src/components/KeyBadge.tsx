import type { KeyRole } from '../api/wire';

/** PK / SK / {} badges for key and catch-all columns. */
export function KeyBadge({ role, catchAll }: { role: KeyRole; catchAll?: boolean }) {
  if (role === 'partition')
    return (
      <span className="keyb pk" title="Partition key">
        PK
      </span>
    );
  if (role === 'sort')
    return (
      <span className="keyb sk" title="Sort key">
        SK
      </span>
    );
  if (catchAll)
    return (
      <span className="keyb ca" title="Catch-all: every attribute not declared as a column">
        {'{…}'}
      </span>
    );
  return null;
}
