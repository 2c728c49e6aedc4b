import {
  COPY_PROGRESS_TYPE,
  parseLosslessJson,
  type CopyFrame,
  type CopyPreview,
  type CopyProgress,
  type CopyResult,
} from '@dynascope/contract';
import { ApiError, failure, parsed, token } from '../api/client';
import { NdjsonSplitter } from '../api/ndjson';

export interface UploadOptions {
  /** Check all of the data and write nothing: the answer is a preview. */
  readonly dryRun?: boolean;
  readonly signal: AbortSignal;
  /** The editor tab's session: its settings (write limits) and open transaction block apply. */
  readonly session?: string;
  /** The id `POST /api/sql/cancel` stops it by (once the server is answering: see `onProgress`). */
  readonly requestId?: string;
  /** Bytes of the file sent so far. */
  readonly onSent?: (bytes: number) => void;
  /** The server's progress: rows read, checked, written and the WCU so far. */
  readonly onProgress?: (progress: CopyProgress) => void;
}

/**
 * `COPY ... FROM STDIN` with a file as the raw body of `POST /api/copy?sql=...[&session=][&dryRun=1]`, through
 * XMLHttpRequest (fetch reports no upload progress), its answer asked for as progress frames
 * (`CopyFrame` NDJSON) and read as they arrive. Resolves with what it wrote (or would write); an
 * error answer or frame rejects with an ApiError (its context names the line), an abort with an
 * AbortError.
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
    if (options.session) url.searchParams.set('session', options.session);
    if (options.requestId) url.searchParams.set('requestId', options.requestId);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const t = token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', COPY_PROGRESS_TYPE);
    xhr.upload.onprogress = (e) => options.onSent?.(e.loaded);
    const abort = () => xhr.abort();
    options.signal.addEventListener('abort', abort, { once: true });
    const settle = () => options.signal.removeEventListener('abort', abort);
    const frames = new CopyFrames(options.onProgress);
    // Frames as they arrive (responseText grows while the answer streams); only a 200 has frames.
    xhr.onprogress = () => {
      if (xhr.status === 200) frames.read(xhr.responseText);
    };
    xhr.onload = () => {
      settle();
      if (xhr.status !== 200) {
        reject(failure(xhr, parsed(xhr.responseText)));
        return;
      }
      try {
        resolve(frames.end(xhr.responseText) as CopyResult | CopyPreview);
      } catch (e) {
        reject(e as Error);
      }
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

/** A COPY FROM's NDJSON answer read as it grows: progress frames handed on, the last frame kept. */
export class CopyFrames {
  private readonly splitter = new NdjsonSplitter();
  private seen = 0;
  private last: CopyFrame<unknown> | null = null;

  constructor(private readonly onProgress?: (progress: CopyProgress) => void) {}

  /** The whole answer so far (each call passes all of it: the new text is read). */
  read(text: string): void {
    const fresh = text.slice(this.seen);
    this.seen = text.length;
    this.splitter.push(fresh).forEach((line) => this.frame(line));
  }

  /** The whole answer: its result, or the ApiError of its error frame (or of its missing end). */
  end(text: string): unknown {
    this.read(text);
    this.splitter.end().forEach((line) => this.frame(line));
    const last = this.last;
    if (last?.type === 'result') {
      const { type: _type, ...result } = last as { type: 'result' } & Record<string, unknown>;
      return result;
    }
    if (last?.type === 'error') {
      const e = last.error;
      throw new ApiError(e.message, 200, e.hint ?? null, e.context ?? null);
    }
    throw new ApiError('the import’s answer ended before its result', 200);
  }

  private frame(line: string): void {
    const frame = parseLosslessJson(line) as unknown as CopyFrame<unknown>;
    this.last = frame;
    if (frame.type === 'progress') {
      const { type: _type, ...progress } = frame;
      this.onProgress?.(progress);
    }
  }
}
