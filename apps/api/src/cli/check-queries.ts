import type { ErrorBody, SavedQueryCheckReport } from '@dynascope/contract';
import { checkReportText } from './check-report-text';

/**
 * `npm run check-queries`: "Check all" of a running server's saved queries through its API, for CI.
 * DYNASCOPE_URL (default http://127.0.0.1:5480) and DYNASCOPE_TOKEN (the server's token) say where.
 * Exit code 0: every saved query holds its access paths and RCU ceiling; 1: one regressed; 2: the
 * check could not be made (no server, wrong token...).
 */
async function main(): Promise<number> {
  const url = (process.env.DYNASCOPE_URL || 'http://127.0.0.1:5480').replace(/\/+$/, '');
  const token = process.env.DYNASCOPE_TOKEN;
  if (!token) {
    process.stderr.write(
      "check-queries: set DYNASCOPE_TOKEN to the server's token (and DYNASCOPE_URL if not 127.0.0.1:5480)\n",
    );
    return 2;
  }
  let res: Response;
  try {
    res = await fetch(`${url}/api/saved-queries/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (e) {
    process.stderr.write(
      `check-queries: cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    process.stderr.write(
      `check-queries: ${url} answered ${res.status}: ${body?.error.message ?? res.statusText}\n`,
    );
    return 2;
  }
  const report = (await res.json()) as SavedQueryCheckReport;
  process.stdout.write(checkReportText(report));
  return report.regressions ? 1 : 0;
}

process.exitCode = await main();
