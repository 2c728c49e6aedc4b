import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Example } from '@dynascope/contract';
import { parseExamples } from './parse-examples';

/** The demo's example queries, from `examples.sql` beside this file. */
export function loadExamples(): Example[] {
  return parseExamples(readFileSync(fileURLToPath(new URL('./examples.sql', import.meta.url)), 'utf8'));
}
