import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConnectDialog } from './ConnectDialog';

const render = (props: Partial<Parameters<typeof ConnectDialog>[0]>) =>
  renderToStaticMarkup(
    createElement(ConnectDialog, {
      info: undefined,
      error: null,
      pageHost: 'localhost',
      onCopy: () => undefined,
      onClose: () => undefined,
      ...props,
    }),
  );

describe('ConnectDialog', () => {
  it('shows host, port, user, database, a psql command and a JDBC URL', () => {
    const html = render({
      info: { postgres: { host: '127.0.0.1', port: 5481, user: 'dynascope', database: 'dynascope' } },
    });
    expect(html).toContain('data-testid="connect-host">127.0.0.1</code>');
    expect(html).toContain('data-testid="connect-port">5481</code>');
    expect(html).toContain(
      'data-testid="connect-psql">psql &quot;postgresql://dynascope@127.0.0.1:5481/dynascope&quot;</code>',
    );
    expect(html).toContain(
      'data-testid="connect-jdbc-url">jdbc:postgresql://127.0.0.1:5481/dynascope?user=dynascope</code>',
    );
    expect(html.match(/>Copy</g)).toHaveLength(2);
  });

  it('says how to turn it on when it is off, and shows a load error', () => {
    expect(render({ info: { postgres: null } })).toContain('data-testid="connect-off"');
    expect(render({ error: 'Offline' })).toContain('Offline');
  });
});
