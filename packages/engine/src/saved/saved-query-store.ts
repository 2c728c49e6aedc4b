import type { SavedQuery, SavedQueryBody } from '@dynascope/contract';
import { savedQueryBody } from '@dynascope/contract';
import type { Host } from '../host/host';
import { EngineError, SqlState } from '../errors';
import { secretConstantsOfScript } from '../vault/secret-constants';

const COLUMNS = `name, description, sql, params::text, expect::text,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The saved queries of `dynascope.saved_queries`, read and written as the host's owner (user SQL
 * cannot). `list('orders')` finds the ones whose name, description or SQL holds the words.
 *   put({ name: 'orders of a customer', sql: 'select ... where customer_id = $1', ... })
 *     → insert ... on conflict (name) do update (the first save's created_at stays)
 */
export class SavedQueryStore {
  constructor(private readonly host: Host) {}

  async list(search = ''): Promise<SavedQuery[]> {
    const words = search.split(/\s+/).filter(Boolean);
    const where = words.map(
      (_, i) =>
        `strpos(pg_catalog.lower(name || ' ' || description || ' ' || sql), pg_catalog.lower($${i + 1})) > 0`,
    );
    const r = await this.host.asOwner(() =>
      this.host.query(
        `select ${COLUMNS} from dynascope.saved_queries${where.length ? ` where ${where.join(' and ')}` : ''} order by name collate "C"`,
        words,
      ),
    );
    return r.rows.map(savedQueryOf);
  }

  async get(name: string): Promise<SavedQuery> {
    const r = await this.host.asOwner(() =>
      this.host.query(`select ${COLUMNS} from dynascope.saved_queries where name = $1`, [name]),
    );
    if (!r.rows[0]) throw notFound(name);
    return savedQueryOf(r.rows[0]);
  }

  /** Creates the query (`replace`: or replaces the one of that name; otherwise 42710 if it exists). */
  async put(body: SavedQueryBody, replace: boolean): Promise<SavedQuery> {
    const q = savedQueryBody.parse(body);
    refuseSecrets(q.sql);
    const r = await this.host.asOwner(() =>
      this.host.query(
        `insert into dynascope.saved_queries (name, description, sql, params, expect)
         values ($1, $2, $3, $4::jsonb, $5::jsonb)
         on conflict (name) do ${
           replace
             ? `update set description = excluded.description, sql = excluded.sql, params = excluded.params,
                expect = excluded.expect, updated_at = pg_catalog.now()`
             : 'nothing'
         }
         returning ${COLUMNS}`,
        [q.name, q.description ?? '', q.sql, JSON.stringify(q.params ?? []), JSON.stringify(q.expect ?? {})],
      ),
    );
    if (!r.rows[0]) throw new EngineError('42710', `saved query "${q.name}" already exists`);
    return savedQueryOf(r.rows[0]);
  }

  /** Renames when `body.name` differs from `name`; 42704 when there is no query `name`. */
  async replace(name: string, body: SavedQueryBody): Promise<SavedQuery> {
    if (body.name !== name) {
      await this.get(name);
      return this.host.transaction(async () => {
        const saved = await this.put(body, false);
        await this.remove(name);
        return saved;
      });
    }
    return this.put(body, true);
  }

  async remove(name: string): Promise<void> {
    const r = await this.host.asOwner(() =>
      this.host.query('delete from dynascope.saved_queries where name = $1 returning name', [name]),
    );
    if (!r.rows[0]) throw notFound(name);
  }
}

/**
 * A saved query is stored as written, in plain text any session of the workbench lists: a secret in it
 * (vault.create_secret's, a server's aws_secret_access_key, ...) would leave the vault. 42501 at the
 * first one, its value not shown.
 *   put({ sql: "select vault.create_secret('s3cr3t', 'k')" }) → 42501 a saved query may not hold a secret
 */
function refuseSecrets(sql: string): void {
  const [first] = secretConstantsOfScript(sql);
  if (first)
    throw new EngineError(SqlState.insufficientPrivilege, 'a saved query may not hold a secret', {
      position: [...sql.slice(0, first.start)].length + 1,
      hint: 'give it as a parameter ($1) or save the query without it: the vault keeps secrets, saved queries are plain text',
    });
}

function notFound(name: string): EngineError {
  return new EngineError(SqlState.undefinedObject, `saved query "${name}" does not exist`);
}

function savedQueryOf(row: readonly (string | null)[]): SavedQuery {
  const [name, description, sql, params, expect, createdAt, updatedAt] = row as string[];
  return {
    name: name!,
    description: description!,
    sql: sql!,
    params: JSON.parse(params!) as SavedQuery['params'],
    expect: JSON.parse(expect!) as SavedQuery['expect'],
    createdAt: createdAt!,
    updatedAt: updatedAt!,
  };
}
