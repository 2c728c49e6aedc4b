/**
 * The engine's count of statements, in any session, that may have changed the catalog (DDL, a user
 * function's body): a session's names, plans and the SQL functions a text calls are looked up anew
 * once it moved — on both hosts, a session whose own catalog epoch another session's change would not
 * otherwise end:
 *   A: set datestyle = iso; select * from things where id = 1   → things reads DynamoDB table t1
 *   B: alter foreign table things options (set table 't2')       → the count moves
 *   A: select * from things where id = 1                         → looked up anew: reads t2
 * Counted as well: each change the host tells of (host/catalog-notify.ts) — DDL unseen in a
 * statement's text (a view's function running ALTER under a SELECT), and on a PostgreSQL server
 * another API process's, within milliseconds of its COMMIT (engine.ts watchCatalog).
 */
export class CatalogChanges {
  private count = 0;

  get generation(): number {
    return this.count;
  }

  changed(): void {
    this.count++;
  }
}
