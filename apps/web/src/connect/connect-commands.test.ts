import { describe, expect, it } from 'vitest';
import { connectCommands } from './connect-commands';

const endpoint = { host: '127.0.0.1', port: 5481, user: 'dynascope', database: 'dynascope' };

describe('connectCommands', () => {
  it('writes the psql command and the JDBC URL, without a password', () => {
    expect(connectCommands(endpoint, 'localhost')).toEqual({
      host: '127.0.0.1',
      psql: 'psql "postgresql://dynascope@127.0.0.1:5481/dynascope"',
      jdbcUrl: 'jdbc:postgresql://127.0.0.1:5481/dynascope?user=dynascope',
    });
  });

  it("dials the page's host when the server listens on every address; IPv6 in brackets", () => {
    expect(connectCommands({ ...endpoint, host: '0.0.0.0' }, 'dynascope.internal').psql).toBe(
      'psql "postgresql://dynascope@dynascope.internal:5481/dynascope"',
    );
    expect(connectCommands({ ...endpoint, host: '::1' }, 'x').jdbcUrl).toBe(
      'jdbc:postgresql://[::1]:5481/dynascope?user=dynascope',
    );
  });
});
