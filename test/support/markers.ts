import type { EventLog } from '../../src/events/event-log.js';
import type { Transaction } from '../../src/oms/schemas/index.js';

/** The event name of markers: events tests append to prove what did (or did not) arrive before them. */
export const MARKER = 'test.marker';

/** Appends a marker straight to a tenant's log, as the webhook router would log an event, and answers its cursor. */
export async function appendMarker(
  log: EventLog,
  marker: { tenantId: string; sellerIds: string[]; transaction: Transaction; virtualAccountId?: string | null; depositAddressId?: string | null },
): Promise<string> {
  const { transaction } = marker;
  const result = await log.accept(
    {
      kind: 'transaction',
      event: MARKER,
      occurredAt: new Date().toISOString(),
      compliance: false,
      ...marker,
      virtualAccountId: marker.virtualAccountId ?? null,
    },
    { eventId: `evt_${transaction.id}`, objectId: transaction.id, position: 0 },
  );
  if (result.outcome !== 'appended') throw new Error(`the marker was not appended: ${result.outcome}`);
  return result.cursor;
}
