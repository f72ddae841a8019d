import { createExternalAccountRequest, listParams } from '../../oms/schemas/index.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { assertSandbox, readBody, readQuery } from '../http.js';
import { cursorPage, paginate } from '../pagination.js';
import type { ExternalAccountView } from '../store.js';

/**
 * External accounts: the customer's own bank accounts and saved addresses, payout destinations only.
 * OMS provisions them itself; the sandbox offers a create endpoint so tests can make some.
 */
export function externalAccountRoutes(app: SandboxApp, { clock, newId, options }: SandboxDeps): void {
  app.post('/sandbox/customers/:id/external-accounts', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const customer = ledger.customer(c.req.param('id'));
    const body = readBody(c, createExternalAccountRequest);
    const common = {
      object: 'externalAccount' as const,
      customerId: customer.id,
      status: body.status,
      network: body.network,
      label: body.label ?? null,
      createdAt: clock.iso(),
    };
    const masked = (number: string) => `******${number.slice(-4)}`;
    // As OMS shows them: account numbers masked, never stored in full.
    const account: ExternalAccountView =
      body.type === 'usBank'
        ? {
            id: newId('cpUsBank'),
            ...common,
            type: 'usBank',
            bankDetails: { bankName: body.bankName, accountNumber: masked(body.accountNumber) },
            address: null,
          }
        : body.type === 'intlBank'
          ? { id: newId('cpIntlBank'), ...common, type: 'intlBank', bankDetails: { bankName: body.bankName, accountNumber: masked(body.iban) }, address: null }
          : { id: newId('cpBcAddr'), ...common, type: 'blockchainAddress', bankDetails: null, address: body.address };
    ledger.externalAccounts.set(account.id, account);
    return c.json(account, 201);
  });

  app.get('/external-accounts/:id', (c) => c.json(c.get('ledger').externalAccount(c.req.param('id'))));

  app.get('/customers/:id/external-accounts', (c) => {
    const ledger = c.get('ledger');
    const customerId = ledger.customer(c.req.param('id')).id;
    const accounts = [...ledger.externalAccounts.values()].filter((account) => account.customerId === customerId);
    return c.json(cursorPage(paginate(accounts, readQuery(c, listParams))));
  });
}
