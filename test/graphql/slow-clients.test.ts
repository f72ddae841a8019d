import { describe, expect, it } from 'vitest';
import { EventStream } from '../../src/graphql/sse-stream.js';
import { CLOSE_TOO_SLOW, SocketOutlet } from '../../src/graphql/ws-connection.js';

/** A socket whose client reads nothing: every message sent stays in its buffer. */
function unreadSocket() {
  const socket = {
    OPEN: 1 as const,
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as string[],
    closed: undefined as { code: number; reason: string } | undefined,
    send(message: string, _options: unknown, callback?: () => void) {
      socket.sent.push(message);
      socket.bufferedAmount += Buffer.byteLength(message);
      callback?.();
    },
    close(code: number, reason: string) {
      socket.closed = { code, reason };
      socket.readyState = 2;
    },
  };
  return socket;
}

describe('a client that leaves its events unread', () => {
  it('over graphql-ws: sent events until more than the cap waits unread, then closed with 1013 (which its client retries)', () => {
    const socket = unreadSocket();
    const outlet = new SocketOutlet(socket as never, 1_000);
    const payload = JSON.stringify({ data: { activity: { cursor: 'x'.repeat(200) } } });
    let callbacks = 0;
    while (!socket.closed) outlet.next('1', payload, () => (callbacks += 1));
    expect(socket.closed).toEqual({ code: CLOSE_TOO_SLOW, reason: expect.stringContaining('resume from the last cursor') });
    expect(CLOSE_TOO_SLOW).toBe(1013);
    // Sent while at most the cap was waiting; the send that found more closed instead, its callback still called.
    expect(socket.sent.length).toBe(Math.ceil(1_001 / Buffer.byteLength(socket.sent[0]!)));
    expect(callbacks).toBe(socket.sent.length + 1);
    expect(outlet.open).toBe(false);
  });

  it('over Server-Sent Events: the stream ends without `complete` (graphql-sse reconnects)', () => {
    const written: string[] = [];
    let ended: unknown = false;
    const res = {
      writable: true,
      writableLength: 0,
      writeHead() {},
      write(chunk: string | Buffer, callback?: () => void) {
        written.push(String(chunk));
        res.writableLength += Buffer.byteLength(chunk);
        callback?.();
        return false;
      },
      end(chunk?: string) {
        ended = chunk ?? null;
        res.writable = false;
      },
    };
    const stream = new EventStream(res as never, 1_000);
    while (ended === false) stream.next('', '{"data":{}}');
    expect(ended).toBeNull();
    expect(written.join('')).not.toContain('event: complete');
    expect(res.writableLength).toBeGreaterThan(1_000);
    expect(res.writableLength - Buffer.byteLength(written.at(-1)!)).toBeLessThanOrEqual(1_000);
    expect(stream.open).toBe(false);
  });
});
