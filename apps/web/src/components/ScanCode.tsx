import { useState } from 'react';
import { CODE_TARGETS, scanCode, type CodeTarget } from '@dynascope/contract';
import type { WireScan } from '../api/wire';
import './scan-code.css';

/**
 * A scan's DynamoDB request, and the same reads as code to copy: the request JSON (exact), AWS CLI,
 * JavaScript (SDK v3) and Python (boto3). Closed until asked for; the code is made from the plan
 * (packages/contract/src/codegen), nothing is read.
 */
export function ScanCode({ scan }: { scan: WireScan }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<CodeTarget>('request');
  const [copied, setCopied] = useState<CodeTarget | null>(null);
  const code = open ? scanCode(scan, target) : '';
  const label = CODE_TARGETS.find((t) => t.target === target)!.label;
  return (
    <div className="scan-code" data-testid="scan-code">
      <button
        type="button"
        className="scan-code-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title="The DynamoDB request this scan sends first, and the whole read as AWS CLI, JavaScript or Python"
      >
        <span className="caret">{open ? '▾' : '▸'}</span> Request &amp; code
        <span className="scan-code-op">{scan.request.operation}</span>
      </button>
      {open ? (
        <div className="scan-code-body">
          <div className="scan-code-bar">
            <div className="scan-code-targets" role="tablist" aria-label="Show as">
              {CODE_TARGETS.map((t) => (
                <button
                  key={t.target}
                  type="button"
                  role="tab"
                  aria-selected={t.target === target}
                  className={t.target === target ? 'on' : undefined}
                  onClick={() => {
                    setTarget(t.target);
                    setCopied(null);
                  }}
                >
                  {t.label}
                </button>
              ))}
            </div>
          </div>
          {target === 'request' ? (
            <div className="scan-code-caption">
              X-Amz-Target: DynamoDB_20120810.{scan.request.operation} · the first request; later pages add
              ExclusiveStartKey
            </div>
          ) : null}
          <div className="scan-code-block">
            <pre className="scan-code-text" data-testid="scan-code-text" data-target={target} tabIndex={0}>
              {code}
            </pre>
            <button
              type="button"
              className="btn sm scan-code-copy"
              data-testid="scan-code-copy"
              title={`Copy as ${label}`}
              onClick={() => {
                void navigator.clipboard?.writeText(code).then(() => setCopied(target));
              }}
            >
              {copied === target ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
