/**
 * Playwright's globalSetup (after the webServer answers /api/health): waits until the server's
 * first-start fill of the demo `events` table is done (GET /api/demo), so every spec sees all of it.
 */
export default async function waitForDemo(): Promise<void> {
  const url = `http://127.0.0.1:${process.env.E2E_PORT ?? 5487}/api/demo`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${process.env.E2E_TOKEN}` } });
    const { fill } = (await res.json()) as { fill: { state: string; message?: string } | null };
    if (!fill || fill.state === 'done') return;
    if (fill.state === 'failed') throw new Error(`the demo events fill failed: ${fill.message}`);
    if (Date.now() > deadline) throw new Error('the demo events fill did not finish in 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
