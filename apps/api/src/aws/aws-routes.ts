import { Hono } from 'hono';
import type { AwsProfileList } from '@dynascope/contract';
import { listAwsProfiles } from '@dynascope/engine';
import type { WorkbenchEngine } from '../workbench-engine';
import { sendJson } from '../http/send-json';

/**
 * `/aws/profiles` (the profiles of the API process's AWS config files, for the server editor: name,
 * region, kind; nothing secret) and `/servers/:server/identity` (who a server's credentials are, or
 * the engine's error saying how to fix them), mounted under `/api`.
 */
export function awsRoutes({ engine }: { readonly engine: WorkbenchEngine }) {
  return new Hono()
    .get('/aws/profiles', async (c) => {
      const list: AwsProfileList = { profiles: await listAwsProfiles() };
      return sendJson(c, list);
    })
    .get('/servers/:server/identity', async (c) =>
      sendJson(c, await engine.serverIdentity(c.req.param('server'), { signal: c.req.raw.signal })),
    );
}
