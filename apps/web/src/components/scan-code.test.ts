import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scanPlan } from '../test-support/wire-fixtures';
import { ScanCode } from './ScanCode';

describe('ScanCode', () => {
  it("is closed until asked for, naming the request's operation", () => {
    const html = renderToStaticMarkup(
      createElement(ScanCode, {
        scan: scanPlan({
          operation: 'GetItem',
          request: { operation: 'GetItem', input: { TableName: 't' } },
        }),
      }),
    );
    expect(html).toContain('aria-expanded="false"');
    expect(html).toContain('Request &amp; code');
    expect(html).toContain('<span class="scan-code-op">GetItem</span>');
    // No code is made before it is opened.
    expect(html).not.toContain('scan-code-text');
  });
});
