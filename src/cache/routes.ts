import type { Call } from '../oms/transport.js';

/**
 * Which OMS reads the cache keeps, under which customer, and which customers a write changes. Every
 * cached object belongs to one customer: its entries live under that customer's generation, which a
 * webhook or a write naming the customer renews. Reads not listed here (customers of the whole
 * account, quotes, cash locations, webhook subscriptions) always go to OMS.
 */

/** Kinds whose objects are cached, and quotes: never cached (they expire by the clock), but their owner is what executing one changes. */
export type ObjectKind = 'wallet' | 'virtual-account' | 'deposit-address' | 'external-account' | 'cash-in' | 'transaction' | 'quote';

/** An object whose owning customer is a fact to look up. */
export interface ObjectRef {
  kind: ObjectKind;
  id: string;
}

export interface Reading {
  /** The customer the answer is kept under, or the object whose owner that is. */
  scope: { customer: string } | ObjectRef;
  /** The kind of the objects the answer holds (itself, or a page's items): their owners are learned from it. */
  teaches?: ObjectKind;
}

/** Path segment -> kind, for `/<segment>/{id}` and `/customers/{id}/<segment>`. */
const KINDS: Record<string, ObjectKind> = {
  wallets: 'wallet',
  'virtual-accounts': 'virtual-account',
  'deposit-addresses': 'deposit-address',
  'external-accounts': 'external-account',
  'cash-ins': 'cash-in',
  transactions: 'transaction',
};

/** How a GET is cached, or undefined when it is not. */
export function readingOf(call: Call): Reading | undefined {
  const id = call.path?.id;
  const query = (call.query ?? {}) as Record<string, unknown>;
  const parts = call.template.split('/').slice(1);
  if (parts[0] === 'customers' && parts[1] === '{id}' && id !== undefined) {
    if (parts.length === 2) return { scope: { customer: id } };
    const kind = parts.length === 3 ? KINDS[parts[2]!] : undefined;
    return kind ? { scope: { customer: id }, teaches: kind } : undefined;
  }
  const kind = KINDS[parts[0]!];
  if (!kind) return undefined;
  if (parts.length === 1) {
    // A list of the whole account is kept only when it is one customer's.
    return typeof query.customerId === 'string' ? { scope: { customer: query.customerId }, teaches: kind } : undefined;
  }
  if (parts[1] !== '{id}' || id === undefined) return undefined;
  if (parts.length === 3 && !(kind === 'wallet' && parts[2] === 'balance')) return undefined;
  if (kind === 'transaction') {
    // Seen from one party: kept under that party, which every event of the transaction renews.
    const party = query.senderCustomerId ?? query.recipientCustomerId;
    if (typeof party === 'string') return { scope: { customer: party }, teaches: kind };
  }
  return { scope: { kind, id }, teaches: parts.length === 2 ? kind : undefined };
}

/** What a write (POST, PATCH, DELETE) may change, as far as its path and body tell before it is sent. */
export function writtenBy(call: Call): { customers: string[]; objects: ObjectRef[] } {
  const id = call.path?.id;
  const parts = call.template.split('/').slice(1);
  if (parts[0] === 'sandbox') parts.shift();
  const customers: string[] = [];
  const objects: ObjectRef[] = [];
  const kind = KINDS[parts[0]!];
  if (parts[0] === 'customers' && parts[1] === '{id}' && id !== undefined) customers.push(id);
  else if (kind && parts[1] === '{id}' && id !== undefined) objects.push({ kind, id });
  const body = call.body as Record<string, unknown> | undefined;
  if (typeof body?.customerId === 'string') customers.push(body.customerId);
  // Executing a quote debits its customer's wallet at once, and its body names the quote alone.
  if (call.template === '/transactions' && typeof body?.quoteId === 'string') objects.push({ kind: 'quote', id: body.quoteId });
  return { customers, objects };
}

/** The owners a write's answer teaches: the kind of the object it made, and the customer its path names (for an answer naming none). */
export function taughtBy(call: Call): { kind: ObjectKind; customer?: string } | undefined {
  if (call.template === '/quotes') return { kind: 'quote' };
  const reading = readingOf(call);
  return reading?.teaches && 'customer' in reading.scope ? { kind: reading.teaches, customer: reading.scope.customer } : undefined;
}

/** The customers an OMS answer names: its own and its nested transaction's parties. */
export function customersNamedIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (object: unknown, depth: number) => {
    if (typeof object !== 'object' || object === null) return;
    const record = object as Record<string, unknown>;
    for (const field of ['customerId', 'senderCustomerId', 'recipientCustomerId']) {
      if (typeof record[field] === 'string') found.push(record[field]);
    }
    if (depth === 0) visit(record.transaction, 1);
  };
  visit(value, 0);
  return found;
}

/** The objects an answer holds (itself, or a page's items) with their owners: `customer` when the item names none. */
export function ownersIn(value: unknown, customer: string | undefined): { id: string; customerId: string }[] {
  const items = isPage(value) ? value.data : [value];
  const owners: { id: string; customerId: string }[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, customerId } = item as Record<string, unknown>;
    const owner = typeof customerId === 'string' ? customerId : customer;
    if (typeof id === 'string' && owner !== undefined) owners.push({ id, customerId: owner });
  }
  return owners;
}

/** The GET that names an object's owner. */
export function ownerRead(ref: ObjectRef): Call {
  const segment = ref.kind === 'quote' ? 'quotes' : Object.keys(KINDS).find((name) => KINDS[name] === ref.kind)!;
  return { method: 'GET', template: `/${segment}/{id}`, path: { id: ref.id } };
}

function isPage(value: unknown): value is { data: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data);
}
