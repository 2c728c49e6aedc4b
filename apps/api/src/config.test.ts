import { describe, expect, it } from 'vitest';
import { databaseHost, readConfig } from './config';

describe('readConfig', () => {
  it('defaults to loopback:5480, a random token and .dynascope/ where npm was run', () => {
    const config = readConfig({ INIT_CWD: '/home/me/repo' }, '/home/me/repo/apps/api');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 5480,
      pgPort: 5481,
      pgTls: null,
      tokenFromEnv: false,
      dataDir: '/home/me/repo/.dynascope',
      databaseUrl: null,
      demo: true,
      demoEvents: 200_000,
    });
    expect(config.token).toMatch(/^[\w-]{32}$/);
    expect(readConfig({}, '/x').token).not.toBe(config.token);
    expect(config.allowedHosts).toEqual(
      expect.arrayContaining(['127.0.0.1:5480', 'localhost:5480', '[::1]:5480']),
    );
    expect(config.webDist).toMatch(/apps\/web\/dist$/);
  });

  it('reads the environment', () => {
    const config = readConfig(
      {
        HOST: '::1',
        PORT: '6000',
        DYNASCOPE_TOKEN: 'tok',
        DYNASCOPE_DATA_DIR: 'data',
        DYNASCOPE_DEMO: '0',
        DYNASCOPE_DEMO_EVENTS: '2000',
        DYNASCOPE_ALLOWED_HOSTS: 'dynascope.internal:443, proxy:8080',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      host: '::1',
      port: 6000,
      token: 'tok',
      tokenFromEnv: true,
      dataDir: '/srv/data',
    });
    expect(config).toMatchObject({ demo: false, demoEvents: 2000 });
    expect(readConfig({ DYNASCOPE_DATABASE_URL: 'postgres://dyn@db/dynascope' }, '/').databaseUrl).toBe(
      'postgres://dyn@db/dynascope',
    );
    expect(databaseHost('postgres://dyn:s3cret@db.internal:5433/dynascope')).toBe(
      'PostgreSQL at db.internal:5433/dynascope',
    );
    expect(readConfig({ DYNASCOPE_PG_PORT: '0' }, '/').pgPort).toBe(0); // the wire protocol off
    expect(
      readConfig({ DYNASCOPE_PG_TLS_CERT: 'c.pem', DYNASCOPE_PG_TLS_KEY: '/k.pem' }, '/srv').pgTls,
    ).toEqual({
      certFile: '/srv/c.pem',
      keyFile: '/k.pem',
    });
    expect(() => readConfig({ DYNASCOPE_PG_TLS_CERT: 'c.pem' }, '/')).toThrow(/set both or neither/);
    expect(config.allowedHosts).toEqual(
      expect.arrayContaining(['localhost:6000', 'dynascope.internal:443', 'proxy:8080']),
    );
  });

  it('rejects bad numbers with the variable name', () => {
    expect(() => readConfig({ PORT: 'http' }, '/')).toThrow(/PORT must be an integer/);
    expect(() => readConfig({ DYNASCOPE_DEMO_EVENTS: '-1' }, '/')).toThrow(/DYNASCOPE_DEMO_EVENTS/);
    expect(() => readConfig({ DYNASCOPE_PG_PORT: 'pg' }, '/')).toThrow(
      /DYNASCOPE_PG_PORT must be an integer/,
    );
  });
});
