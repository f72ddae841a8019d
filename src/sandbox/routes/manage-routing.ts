import { listAccountsParams, listParams, updateAccountRequest } from '../../oms/schemas/index.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid } from '../errors.js';
import { readBody, readQuery } from '../http.js';
import { cursorPage, paginate } from '../pagination.js';
import type { DepositAddressView, Ledger, VirtualAccountView } from '../store.js';
import { resolveTarget } from '../targets.js';

type Routing = VirtualAccountView | DepositAddressView;

/**
 * What virtual accounts and deposit addresses share: list a customer's (deleted ones only when asked
 * for by status), get, pause/resume or redirect future deposits, and soft-delete.
 */
export function routingManagementRoutes<T extends Routing>(
  app: SandboxApp,
  { clock }: SandboxDeps,
  kind: { path: 'virtual-accounts' | 'deposit-addresses'; what: string; all: (ledger: Ledger) => Map<string, T>; one: (ledger: Ledger, id: string) => T },
): void {
  app.get(`/customers/:id/${kind.path}`, (c) => {
    const ledger = c.get('ledger');
    const customerId = ledger.customer(c.req.param('id')).id;
    const query = readQuery(c, listParams.extend(listAccountsParams.shape));
    const matches = [...kind.all(ledger).values()].filter(
      (item) => item.customerId === customerId && (query.status ? item.status === query.status : item.status !== 'deleted'),
    );
    return c.json(cursorPage(paginate(matches, query)));
  });

  app.get(`/${kind.path}/:id`, (c) => c.json(kind.one(c.get('ledger'), c.req.param('id'))));

  app.patch(`/${kind.path}/:id`, (c) => {
    const ledger = c.get('ledger');
    const item = kind.one(ledger, c.req.param('id'));
    if (item.status === 'deleted') throw invalid('id', `${kind.what} ${item.id} is deleted`);
    const body = readBody(c, updateAccountRequest);
    if (body.destination) {
      const asset = body.destination.asset ?? item.destination.asset;
      const network = body.destination.network ?? item.destination.network;
      const target = resolveTarget(ledger, item.customerId, body.destination.wallet, asset, network, 'destination.wallet');
      item.destination = { wallet: target.wire, asset, network };
    }
    if (body.status) item.status = body.status;
    item.updatedAt = clock.iso();
    return c.json(item);
  });

  app.delete(`/${kind.path}/:id`, (c) => {
    const item = kind.one(c.get('ledger'), c.req.param('id'));
    if (item.status !== 'deleted') Object.assign(item, { status: 'deleted', updatedAt: clock.iso() });
    return c.body(null, 204);
  });
}
