import {
  createCustomerRequest,
  listCustomersParams,
  listParams,
  simulateKycRequest,
  updateCustomerRequest,
  type EndorsementName,
} from '../../oms/schemas/index.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { SandboxError } from '../errors.js';
import { assertSandbox, outcomeHeader, readBody, readQuery } from '../http.js';
import { cursorPage, paginate } from '../pagination.js';
import type { CustomerView, Ledger } from '../store.js';

const ALL_ENDORSEMENTS: EndorsementName[] = ['basic', 'cryptoCustody', 'usd'];

/** Customers (sellers) and their endorsements, which the sandbox reviews by itself. */
export function customerRoutes(app: SandboxApp, deps: SandboxDeps): void {
  const { clock, newId, options, scheduler, events } = deps;

  /** Moves every pending endorsement to the outcome and tells the subscribers. */
  function review(ledger: Ledger, customer: CustomerView, outcome: 'approved' | 'rejected', only: 'pending' | 'all') {
    for (const endorsement of customer.endorsements) {
      if (only === 'pending' && endorsement.status !== 'pending') continue;
      endorsement.status = outcome === 'approved' ? 'active' : 'rejected';
      customer.updatedAt = clock.iso();
      events.publish(ledger, `customer.endorsement.${outcome === 'approved' ? 'granted' : 'rejected'}`, customer);
    }
  }

  app.post('/customers', (c) => {
    const ledger = c.get('ledger');
    const { endorsements, ...fields } = readBody(c, createCustomerRequest);
    const now = clock.iso();
    const customer: CustomerView = {
      id: newId('cst'),
      object: 'customer',
      ...fields,
      status: 'active',
      signedAgreement: fields.signedAgreement ?? false,
      endorsements: [...new Set(endorsements ?? ALL_ENDORSEMENTS)].map((name) => ({ name, status: 'pending' as const })),
      metadata: fields.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    ledger.customers.set(customer.id, customer);
    const outcome = outcomeHeader(c) === 'kycRejected' ? 'rejected' : options.endorsements.outcome;
    if (outcome === 'pending') return c.json(customer, 201);
    if (options.endorsements.delayMs === 0) review(ledger, customer, outcome, 'pending');
    else scheduler.after(options.endorsements.delayMs, () => review(ledger, customer, outcome, 'pending'));
    return c.json(customer, 201);
  });

  app.get('/customers', (c) => {
    const query = readQuery(c, listParams.extend(listCustomersParams.shape));
    const matches = [...c.get('ledger').customers.values()].filter(
      (customer) =>
        (!query.status || customer.status === query.status) &&
        (!query.email || customer.email === query.email) &&
        (!query.externalId || customer.externalId === query.externalId) &&
        (!query.createdAfter || customer.createdAt >= new Date(query.createdAfter).toISOString()) &&
        (!query.createdBefore || customer.createdAt <= new Date(query.createdBefore).toISOString()),
    );
    return c.json(cursorPage(paginate(matches, query)));
  });

  app.get('/customers/:id', (c) => c.json(c.get('ledger').customer(c.req.param('id'))));

  app.patch('/customers/:id', (c) => {
    const customer = c.get('ledger').customer(c.req.param('id'));
    const changes = readBody(c, updateCustomerRequest);
    Object.assign(customer, changes, { updatedAt: clock.iso() });
    return c.json(customer);
  });

  /** Sandbox only: the KYC review's outcome for all of a customer's endorsements. */
  app.post('/customers/:id/simulate-kyc', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const customer = ledger.customer(c.req.param('id'));
    const { outcome } = readBody(c, simulateKycRequest);
    review(ledger, customer, outcome, 'all');
    return c.json(customer);
  });
}

/** 403 endorsement_required unless the customer holds `name` actively. */
export function requireEndorsement(customer: CustomerView, name: EndorsementName): void {
  const held = customer.endorsements.some((e) => e.name === name && e.status === 'active');
  if (!held) {
    throw new SandboxError(403, 'endorsement_required', `Customer ${customer.id} needs an active ${name} endorsement for this`, 'customerId');
  }
}
