import { awsCliCode } from './aws-cli';
import { javascriptCode } from './javascript';
import { pythonCode } from './python';
import type { CodeScan } from './read-calls';
import { requestJson } from './request-json';

/** The forms a scan's requests can be copied as. */
export type CodeTarget = 'request' | 'aws-cli' | 'javascript' | 'python';

export const CODE_TARGETS: readonly {
  readonly target: CodeTarget;
  readonly label: string;
  readonly language: string;
}[] = Object.freeze([
  { target: 'request', label: 'Request', language: 'json' },
  { target: 'aws-cli', label: 'AWS CLI', language: 'shell' },
  { target: 'javascript', label: 'JavaScript', language: 'javascript' },
  { target: 'python', label: 'Python', language: 'python' },
]);

/** One scan of a plan as the request JSON or a program in the target's language. */
export function scanCode(scan: CodeScan, target: CodeTarget): string {
  switch (target) {
    case 'request':
      return requestJson(scan);
    case 'aws-cli':
      return awsCliCode(scan);
    case 'javascript':
      return javascriptCode(scan);
    case 'python':
      return pythonCode(scan);
  }
}
