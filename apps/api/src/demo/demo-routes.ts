import { Hono } from 'hono';
import type { DemoFill, DemoStatus } from '@dynascope/contract';

/**
 * `GET /demo`, mounted under `/api`: the demo's background fill of its big table on a first start
 * (null: nothing filling on this start), for the workbench's "Loading demo events" indicator.
 */
export function demoRoutes(fill: () => DemoFill | null) {
  return new Hono().get('/demo', (c) => c.json<DemoStatus, 200>({ fill: fill() }));
}
