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
