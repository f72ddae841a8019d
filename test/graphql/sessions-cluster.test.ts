import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSellerDocument,
  RevokeSellerSessionDocument,
  RevokeSellerSessionsDocument,
  StartSellerSessionDocument,
  ViewerSessionDocument,
} from '../generated/graphql.js';
import { gql, unique, uniquePrefix } from '../e2e/support.js';
import { within } from '../events/support.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisTargets } from '../support/redis.js';
import { type OpenSocket, openSocket } from '../support/sockets.js';

/**
 * Revocation across instances: two gateways on one Redis (one server, and a Redis Cluster). A session
 * ended on one instance is refused on the other, and the sockets it holds open there close with 4403
 * at once (the revocation is announced on a Redis channel; the record it deletes is what every check
 * reads). Nothing else would close them this soon: an open socket is closed otherwise only when its
 * token expires.
 */

describe.each(redisTargets)('on %s', (_name, target) => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ redisUrl: target(), prefix: uniquePrefix('sessions') });
  });
  afterAll(() => c?.close());

  async function createSeller(): Promise<string> {
    const { createSeller } = await gql(c, 0, c.keys.acme, CreateSellerDocument, {
      input: { firstName: 'Rory', lastName: 'Revoked', email: `${unique('rory')}@example.com` },
    });
    return createSeller.seller!.id;
  }

  async function startSession(sellerId: string, instance = 0) {
    const { createSellerSession } = await gql(c, instance, c.keys.acme, StartSellerSessionDocument, { input: { sellerId } });
    return createSellerSession.session!;
  }

  /** The code a request with `token` is answered with on `instance`: null when it is admitted. */
  async function refusal(instance: number, token: string): Promise<string | null> {
    const response = await c.request(instance, token, print(ViewerSessionDocument));
    return response.errors?.[0]?.extensions?.code ?? null;
  }

  /** How the server closed `socket`, which the announcement makes it do at once (5 s: room for a slow machine). */
  const closedOnRevocation = (socket: OpenSocket) => within(socket.closed, 5_000, () => 'the socket was still open 5 s after the revocation');

  const REVOKED = { code: 4403, reason: 'Forbidden: the session was revoked' };

  describe('revocation across two instances on one Redis', () => {
    it('a session revoked on A is refused on B, and its socket open on B closes with 4403', async () => {
      const sellerId = await createSeller();
      const session = await startSession(sellerId, 0);
      const bystander = await startSession(sellerId, 0);
      // Used on B first, so B holds it as live in its short cache: the announcement must clear that.
      expect(await refusal(1, session.token)).toBeNull();
      const socket = await openSocket(c.instances[1]!.url, session.token);
      const other = await openSocket(c.instances[1]!.url, bystander.token);

      const { revokeSellerSession } = await gql(c, 0, c.keys.acme, RevokeSellerSessionDocument, { input: { sessionId: session.id } });
      expect(revokeSellerSession).toEqual({ revokedSessionId: session.id, userErrors: [] });
      expect(await closedOnRevocation(socket)).toEqual(REVOKED);
      expect(await refusal(1, session.token)).toBe('UNAUTHENTICATED');
      expect(await refusal(0, session.token)).toBe('UNAUTHENTICATED');

      // The seller's other session lives on both, its socket open until its client closes it (1000, not 4403).
      expect(await refusal(1, bystander.token)).toBeNull();
      expect(await refusal(0, bystander.token)).toBeNull();
      await other.dispose();
      expect((await other.closed).code).toBe(1000);
    });

    it('a seller signing out on B closes its socket on A', async () => {
      const session = await startSession(await createSeller(), 1);
      const socket = await openSocket(c.instances[0]!.url, session.token);
      const { revokeSellerSession } = await gql(c, 1, session.token, RevokeSellerSessionDocument, { input: { sessionId: session.id } });
      expect(revokeSellerSession.revokedSessionId).toBe(session.id);
      expect(await closedOnRevocation(socket)).toEqual(REVOKED);
      expect(await refusal(0, session.token)).toBe('UNAUTHENTICATED');
    });

    it('revoking all of a seller’s sessions on B closes every socket of theirs on A and refuses their tokens on both; a new session works', async () => {
      const sellerId = await createSeller();
      const sessions = [await startSession(sellerId, 0), await startSession(sellerId, 1)];
      const sockets = [await openSocket(c.instances[0]!.url, sessions[0]!.token), await openSocket(c.instances[0]!.url, sessions[1]!.token)];
      const { revokeSellerSessions } = await gql(c, 1, c.keys.acme, RevokeSellerSessionsDocument, { input: { sellerId } });
      expect([...revokeSellerSessions.revokedSessionIds!].sort()).toEqual(sessions.map((s) => s.id).sort());
      for (const socket of sockets) expect(await closedOnRevocation(socket)).toEqual(REVOKED);
      for (const session of sessions) {
        expect(await refusal(0, session.token)).toBe('UNAUTHENTICATED');
        expect(await refusal(1, session.token)).toBe('UNAUTHENTICATED');
      }
      const fresh = await startSession(sellerId, 1);
      expect(await refusal(0, fresh.token)).toBeNull();
      const socket = await openSocket(c.instances[0]!.url, fresh.token);
      await socket.dispose();
    });
  });
});
