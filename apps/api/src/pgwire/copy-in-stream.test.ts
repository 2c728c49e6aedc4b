import { describe, expect, it } from 'vitest';
import { CopyInStream } from './copy-in-stream';

async function readAll(stream: CopyInStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += Buffer.from(chunk).toString();
  return text;
}

describe('CopyInStream', () => {
  it('hands the chunks over in order until the end', async () => {
    const stream = new CopyInStream();
    const read = readAll(stream);
    await stream.push(Buffer.from('a,1\n'));
    await stream.push(Buffer.from('b,2\n'));
    stream.end();
    expect(await read).toBe('a,1\nb,2\n');
  });

  it('holds the writer while a megabyte waits, until the reader takes it', async () => {
    const stream = new CopyInStream();
    let pushed = false;
    const push = stream.push(Buffer.alloc(2 << 20)).then(() => (pushed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(pushed).toBe(false);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(2 << 20);
    await push;
    expect(pushed).toBe(true);
  });

  it('a CopyFail reaches the reader as its error; an abandoned stream drops data', async () => {
    const failing = new CopyInStream();
    const read = readAll(failing);
    failing.fail(new Error('COPY from stdin failed: stop'));
    await expect(read).rejects.toThrow('stop');
    const abandoned = new CopyInStream();
    abandoned.abandon();
    await abandoned.push(Buffer.alloc(4 << 20));
    expect(await readAll(abandoned)).toBe('');
  });
});
