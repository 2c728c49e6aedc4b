/**
 * What one API process did to the vault since it started, on any of its connections (shared by its
 * sessions' Vaults): on a PostgreSQL database several processes share, each with its own token, it
 * decides which secrets bound nowhere this process may bind to a destination (vault.ts).
 *
 *   select vault.create_secret('AKIA…', 'k')              → 'k''s id written here
 *   select vault.update_secret('k', null, 'k_retired')    → 'k' freed here from where 'k' went (if bound,
 *                                                           and its value written here)
 *   select vault.create_secret('AKIA…new', 'k')           → written here under a name freed here: bound
 *                                                           at once to where the old 'k' went
 *
 * Nothing here is kept in the database: another process's writes and freed names are not this
 * process's to act on — a name another token holder freed could be one it had bound to its own
 * endpoint first.
 */
export class ProcessWrites {
  private readonly written = new Set<string>();
  private readonly freed = new Map<string, string>();

  /** A secret whose value this process wrote (vault.create_secret, vault.update_secret with a new value). */
  wrote(id: string): void {
    this.written.add(id.toLowerCase());
  }

  /** The secrets whose values this process wrote, as lower-case uuids. */
  writtenIds(): string[] {
    return [...this.written];
  }

  /** Whether this process wrote the secret's value. */
  hasWritten(id: string): boolean {
    return this.written.has(id.toLowerCase());
  }

  /** This process moved a secret bound to `destination` off `name` (a rename): a rotation by name may follow. */
  freedName(name: string, destination: string): void {
    this.freed.set(name, destination);
  }

  /**
   * Where a secret this process wrote, now named `name`, goes at once: where the secret this process
   * renamed away from that name went; undefined if it wrote no value of that secret or freed no such name.
   */
  destinationFor(id: string, name: string | null): string | undefined {
    if (name === null || !this.hasWritten(id)) return undefined;
    return this.freed.get(name);
  }
}
