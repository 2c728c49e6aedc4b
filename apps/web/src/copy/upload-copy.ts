import type { CopyPreview, CopyResult } from '@dynascope/contract';
import { failure, parsed, token } from '../api/client';

export interface UploadOptions {
  /** Check all of the data and write nothing: the answer is a preview. */
  readonly dryRun?: boolean;
  readonly signal: AbortSignal;
  /** Bytes of the file sent so far. */
  readonly onSent?: (bytes: number) => void;
}

/**
 * `COPY ... FROM STDIN` with a file as the raw body of `POST /api/copy?sql=...[&dryRun=1]`, through
 * XMLHttpRequest (fetch reports no upload progress). Resolves with what it wrote (or would write);
 * an error answer rejects with an ApiError (its context names the line), a cancel with an AbortError.
 */
export function uploadCopy(
  sql: string,
  file: Blob,
  options: UploadOptions & { dryRun: true },
): Promise<CopyPreview>;
export function uploadCopy(sql: string, file: Blob, options: UploadOptions): Promise<CopyResult>;
export function uploadCopy(
  sql: string,
  file: Blob,
  options: UploadOptions,
): Promise<CopyResult | CopyPreview> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/copy', location.href);
    url.searchParams.set('sql', sql);
    if (options.dryRun) url.searchParams.set('dryRun', '1');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const t = token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => options.onSent?.(e.loaded);
    const abort = () => xhr.abort();
    options.signal.addEventListener('abort', abort, { once: true });
    const settle = () => options.signal.removeEventListener('abort', abort);
    xhr.onload = () => {
      settle();
      const body = parsed(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body !== undefined)
        resolve(body as unknown as CopyResult | CopyPreview);
      else reject(failure(xhr, body));
    };
    xhr.onerror = () => {
      settle();
      reject(new Error('the upload failed: the server could not be reached'));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The import was cancelled', 'AbortError'));
    };
    xhr.send(file);
  });
}
