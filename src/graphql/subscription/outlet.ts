/**
 * What a client may leave unread before it is let go: about 250 dashboard events. The fan-out sends
 * a group's events without waiting for each client (one slow client holds up no other), so without
 * a cap a client that stops reading would have the gateway buffer its events without end. Past it,
 * the outlet ends the connection in words the client's library retries (graphql-ws: 1013; SSE: the
 * stream ends without `complete`); a client that subscribes again after its last cursor (`activity`'s
 * `after`) misses nothing.
 */
export const MAX_UNREAD_BYTES = 256 * 1024;

/**
 * Where a subscription's results go, whatever the transport: a graphql-ws socket (ws.ts), a
 * Server-Sent Events response (sse.ts). The fan-out hands it payloads serialized already (once for
 * a whole group); the outlet frames them in its protocol's words and writes them.
 */
export interface Outlet {
  /** Whether what is sent still reaches the client. */
  readonly open: boolean;
  /**
   * Sends the next result of operation `id` (graphql-ws's id; Server-Sent Events in distinct
   * connections mode have none), `payload` being the result as JSON. `sent` is called once written,
   * or failed to be (the client gone): never left pending.
   */
  next(id: string, payload: string | Buffer, sent?: () => void): void;
}
