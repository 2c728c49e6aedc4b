import { describe, expect, it } from 'vitest';
import { RunningRequests } from './running-requests';

const never = (signal: AbortSignal) =>
  new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

describe('RunningRequests', () => {
  it('cancels a request by id and forgets it when it settles', async () => {
    const running = new RunningRequests();
    const work = running.run('r1', new AbortController().signal, never);
    expect(running.size).toBe(1);
    expect(running.cancel('r1')).toBe(true);
    await expect(work).rejects.toThrow(/cancelled/);
    expect(running.size).toBe(0);
    expect(running.cancel('r1')).toBe(false);
  });

  it('aborts when the client goes away', async () => {
    const running = new RunningRequests();
    const client = new AbortController();
    const work = running.run(undefined, client.signal, never);
    client.abort(new Error('client gone'));
    await expect(work).rejects.toThrow(/client gone/);
  });

  it('a client already gone aborts the request at once', () => {
    const client = new AbortController();
    client.abort(new Error('gone before'));
    const request = new RunningRequests().start(undefined, client.signal);
    expect(request.signal.aborted).toBe(true);
    expect(request.signal.reason).toEqual(new Error('gone before'));
  });

  it('a finished request no longer listens to its client', () => {
    const client = new AbortController();
    const request = new RunningRequests().start('r', client.signal);
    request.done();
    client.abort(new Error('late'));
    expect(request.signal.aborted).toBe(false);
  });

  it('cancelAll aborts everything (shutdown)', async () => {
    const running = new RunningRequests();
    const a = running.run('a', new AbortController().signal, never);
    const b = running.run(undefined, new AbortController().signal, never);
    const settled = Promise.allSettled([a, b]);
    running.cancelAll();
    await running.idle(1000);
    expect(running.size).toBe(0);
    const results = await settled;
    expect(results.map((result) => result.status === 'rejected' && String(result.reason))).toEqual([
      'Error: the server is shutting down',
      'Error: the server is shutting down',
    ]);
  });

  it('returns the work result', async () => {
    const running = new RunningRequests();
    await expect(running.run('x', new AbortController().signal, async () => 42)).resolves.toBe(42);
    expect(running.size).toBe(0);
  });

  it('hears a client gone through a subscription (the Node server), and stops listening when done', async () => {
    let listening = 0;
    let gone: ((reason: unknown) => void) | undefined;
    const client = (onGone: (reason: unknown) => void) => {
      listening++;
      gone = onGone;
      return () => void listening--;
    };
    const running = new RunningRequests();
    const work = running.run('r2', client, never);
    expect(listening).toBe(1);
    gone!('Client connection prematurely closed.');
    await expect(work).rejects.toBe('Client connection prematurely closed.');
    expect(listening).toBe(0);
    expect(running.size).toBe(0);
  });
});
