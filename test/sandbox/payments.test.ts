import { describe, expect, it } from 'vitest';
import type { CreateQuoteRequest } from '../../src/oms/index.js';
import { parseAmount } from '../../src/money.js';
import { collect, omsError } from '../oms/support.js';
import { fund, seller, world, type World } from '../support/sandbox.js';

/**
 * Quotes and transactions, told as stories through the real client against the sandbox. Fees follow
 * DOCS_EXAMPLE_FEES: cryptoToCrypto 0.35% OMS + 0.03 gas, cryptoToFiat 0.5% + 1.00 OMS. Every amount is
 * compared as an exact decimal string (or as bigint minor units), never as a float.
 */

type Seller = Awaited<ReturnType<typeof seller>>;

const ADDRESS = `0x${'ab12'.repeat(10)}`;
const QUOTE_TTL_MS = 5 * 60_000;

/** Independent of the sandbox's fee engine: 0.35% of gross rounded half-up to the cent, plus 0.03 gas. */
function cryptoToCryptoNet(grossCents: bigint, sponsorGas = false): bigint {
  const oms = (2n * grossCents * 35n + 10_000n) / (2n * 10_000n);
  return grossCents - oms - (sponsorGas ? 0n : 3n);
}
const cents = (amount: string) => parseAmount(amount, 'usd');

/** A sandbox with Alice (1000.00 USDC after the 1.00 deposit fee of her funding) and Bob (empty). */
async function aliceAndBob(options: Parameters<typeof world>[0] = {}) {
  const w = await world(options);
  const alice = await seller(w.client, 'Alice');
  const bob = await seller(w.client, 'Bob');
  await fund(w, alice.customer.id, alice.wallet.id, 100_100);
  expect(await w.client.wallets.balance(alice.wallet.id)).toMatchObject({ balance: '1000.00', pendingBalance: '0.00' });
  return { w, alice, bob };
}

/** A wallet-to-wallet quote with the amount fixed on the source. */
function sendQuote(w: World, from: Seller, to: Seller, amount: string, extra: Partial<CreateQuoteRequest> = {}) {
  return w.client.quotes.create({
    customerId: from.customer.id,
    source: { walletId: from.wallet.id, asset: 'usdc', network: 'polygon', amount },
    destination: { wallet: { wallet: to.wallet.id }, asset: 'usdc', network: 'polygon' },
    ...extra,
  });
}

async function balances(w: World, walletId: string) {
  const { balance, pendingBalance } = await w.client.wallets.balance(walletId);
  return { balance, pendingBalance };
}

async function usBank(w: World, owner: Seller) {
  return w.client.externalAccounts.create(owner.customer.id, { type: 'usBank', bankName: 'Chase', accountNumber: '000123454242', routingNumber: '021000021' });
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

/** An ISO instant rewritten in local time at a UTC offset of `hours`, e.g. ...T12:00:00.000+02:00. */
function withOffset(iso: string, hours: number): string {
  const local = new Date(Date.parse(iso) + hours * HOUR_MS).toISOString().slice(0, -1);
  const sign = hours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}
const HOUR_MS = 3_600_000;

describe('quotes', () => {
  it('prices a wallet-to-wallet send with the amount fixed on the source, to the cent', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '130.00');
    // 0.35% of 130.00 = 0.455 -> 0.46 (half-up); + 0.03 gas = 0.49; net 129.51.
    expect(quote).toMatchObject({
      object: 'quote',
      type: 'cryptoToCrypto',
      status: 'open',
      customerId: alice.customer.id,
      fixedAmountSide: 'source',
      sponsorGas: false,
      sponsorGasCost: '0.00',
      source: {
        walletId: alice.wallet.id,
        asset: 'usdc',
        network: 'polygon',
        amountGross: '130.00',
        amountNet: '129.51',
        feesDeducted: { total: '0.49', developer: '0.00', oms: '0.46', gas: '0.03' },
      },
      destination: {
        walletId: bob.wallet.id,
        blockchainAddress: null,
        externalAccountId: null,
        asset: 'usdc',
        network: 'polygon',
        amountGross: '129.51',
        amountNet: '129.51',
        feesDeducted: { total: '0.00', developer: '0.00', oms: '0.00', gas: '0.00' },
      },
      // 129.51 / 130.00 = 0.99623 -> 0.9962
      rates: { pair: 'USDC/USDC', exchangeRate: '1.0000', effectiveRate: '0.9962' },
    });
    expect(quote.id).toMatch(/^qt_/);
    const { amountGross, amountNet, feesDeducted } = quote.source;
    expect(cents(amountGross!)).toBe(cents(amountNet!) + cents(feesDeducted!.total!));
    expect(cents(feesDeducted!.total!)).toBe(cents(feesDeducted!.oms!) + cents(feesDeducted!.gas!) + cents(feesDeducted!.developer!));
    expect(Date.parse(quote.expiresAt) - Date.parse(quote.createdAt)).toBe(QUOTE_TTL_MS);
    expect(await w.client.quotes.get(quote.id)).toEqual(quote);
  });

  it('keeps USDC precision below the cent while rounding each fee line to the cent', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '10.123456');
    // 0.35% of 10.123456 = 0.0354321 -> 0.04; + 0.03 gas = 0.07; net 10.053456; 10.053456 / 10.123456 = 0.99309 -> 0.9931.
    expect(quote.source).toMatchObject({ amountGross: '10.123456', amountNet: '10.053456', feesDeducted: { total: '0.07', oms: '0.04', gas: '0.03' } });
    expect(quote.destination).toMatchObject({ amountGross: '10.053456', amountNet: '10.053456' });
    expect(quote.rates.effectiveRate).toBe('0.9931');
  });

  it('moves gas to sponsorGasCost when the developer sponsors it', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '130.00', { sponsorGas: true });
    expect(quote).toMatchObject({
      sponsorGas: true,
      sponsorGasCost: '0.03',
      source: { amountGross: '130.00', amountNet: '129.54', feesDeducted: { total: '0.46', developer: '0.00', oms: '0.46', gas: '0.00' } },
      destination: { amountGross: '129.54', amountNet: '129.54' },
      // 129.54 / 130.00 = 0.99646 -> 0.9965
      rates: { pair: 'USDC/USDC', exchangeRate: '1.0000', effectiveRate: '0.9965' },
    });
  });

  it('with the amount fixed on the destination, delivers exactly that amount from the smallest source gross', async () => {
    const { w, alice, bob } = await aliceAndBob();
    for (const [wanted, gross] of [
      ['50.00', '50.21'],
      ['99.62', '100.00'],
      ['1234.56', '1238.93'],
    ] as const) {
      const quote = await w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon' },
        destination: { wallet: { id: bob.wallet.id }, asset: 'usdc', network: 'polygon', amount: wanted },
        fixedAmountSide: 'destination',
      });
      expect(quote.fixedAmountSide).toBe('destination');
      expect(quote.destination.amountNet).toBe(wanted);
      expect(quote.destination.amountGross).toBe(wanted);
      expect(quote.source.amountNet).toBe(wanted);
      expect(quote.source.amountGross).toBe(gross);
      const sourceGross = cents(quote.source.amountGross!);
      // The source gross delivers the amount; one cent less would not.
      expect(cryptoToCryptoNet(sourceGross)).toBe(cents(wanted));
      expect(cryptoToCryptoNet(sourceGross - 1n) < cents(wanted)).toBe(true);
      expect(sourceGross).toBe(cents(wanted) + cents(quote.source.feesDeducted!.total!));
    }
  });

  it('refuses malformed quotes with 400 and names the field', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const base = {
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc' as const, network: 'polygon' as const },
      destination: { wallet: { wallet: bob.wallet.id }, asset: 'usdc' as const, network: 'polygon' as const },
    };
    const cases: [string, CreateQuoteRequest, string][] = [
      ['both amounts', { ...base, source: { ...base.source, amount: '10.00' }, destination: { ...base.destination, amount: '10.00' } }, 'source.amount'],
      ['neither amount', base, 'source.amount'],
      ['fixedAmountSide contradicting the amount', { ...base, source: { ...base.source, amount: '10.00' }, fixedAmountSide: 'destination' }, 'fixedAmountSide'],
      [
        'fixedAmountSide contradicting the other way',
        { ...base, destination: { ...base.destination, amount: '10.00' }, fixedAmountSide: 'source' },
        'fixedAmountSide',
      ],
      ['7 decimals of USDC', { ...base, source: { ...base.source, amount: '1.1234567' } }, 'source.amount'],
      ['7 decimals on the destination', { ...base, destination: { ...base.destination, amount: '1.1234567' } }, 'destination.amount'],
      ['a zero amount', { ...base, source: { ...base.source, amount: '0.00' } }, 'source.amount'],
      ['an amount that does not cover the fees', { ...base, source: { ...base.source, amount: '0.03' } }, 'source.amount'],
      ['a negative amount', { ...base, source: { ...base.source, amount: '-5.00' } }, 'source.amount'],
      [
        "another customer's wallet as source",
        {
          ...base,
          source: { ...base.source, walletId: bob.wallet.id, amount: '10.00' },
          destination: { ...base.destination, wallet: { wallet: alice.wallet.id } },
        },
        'source.walletId',
      ],
      [
        'a malformed blockchain address',
        { ...base, source: { ...base.source, amount: '10.00' }, destination: { ...base.destination, wallet: { blockchainAddress: '0x1234' } } },
        'destination.wallet.blockchainAddress',
      ],
    ];
    for (const [name, body, param] of cases) {
      const error = await omsError(w.client.quotes.create(body));
      expect({ name, status: error.status, code: error.code, param: error.param }).toEqual({ name, status: 400, code: 'invalid_request', param });
    }
  });

  it('refuses an asset or network the wallets do not hold with 422 unsupported_asset_network', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const wrongSource = await omsError(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdt', network: 'polygon', amount: '10.00' },
        destination: { wallet: { wallet: bob.wallet.id }, asset: 'usdc', network: 'polygon' },
      }),
    );
    expect(wrongSource).toMatchObject({ status: 422, code: 'unsupported_asset_network', param: 'source.walletId' });
    const wrongSourceNetwork = await omsError(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdc', network: 'ethereum', amount: '10.00' },
        destination: { wallet: { wallet: bob.wallet.id }, asset: 'usdc', network: 'polygon' },
      }),
    );
    expect(wrongSourceNetwork).toMatchObject({ status: 422, code: 'unsupported_asset_network', param: 'source.walletId' });
    const wrongDestination = await omsError(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '10.00' },
        destination: { wallet: { wallet: bob.wallet.id }, asset: 'usdc', network: 'ethereum' },
      }),
    );
    expect(wrongDestination).toMatchObject({ status: 422, code: 'unsupported_asset_network', param: 'destination.wallet.wallet' });
    const usdToAddress = await omsError(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '10.00' },
        destination: { wallet: { blockchainAddress: ADDRESS }, asset: 'usd', network: 'ach' },
      }),
    );
    expect(usdToAddress).toMatchObject({ status: 422, code: 'unsupported_asset_network' });
  });

  it('answers 404 for unknown wallets, customers and quotes', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const unknownWallet = await omsError(sendQuote(w, { ...alice, wallet: { ...alice.wallet, id: 'wlt_01UNKNOWN' } }, bob, '10.00'));
    expect(unknownWallet).toMatchObject({ status: 404, code: 'resource_not_found', param: 'source.walletId' });
    const unknownCustomer = await omsError(sendQuote(w, { ...alice, customer: { ...alice.customer, id: 'cst_01UNKNOWN' } }, bob, '10.00'));
    expect(unknownCustomer).toMatchObject({ status: 404, code: 'resource_not_found', param: 'customerId' });
    expect(await omsError(w.client.quotes.get('qt_01UNKNOWN'))).toMatchObject({ status: 404, code: 'resource_not_found' });
    const execute = await omsError(w.client.transactions.create({ quoteId: 'qt_01UNKNOWN' }));
    expect(execute).toMatchObject({ status: 404, code: 'resource_not_found', param: 'quoteId' });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '1000.00', pendingBalance: '0.00' });
  });
});

describe('executing a wallet-to-wallet send', () => {
  it('debits the source at execution, credits the recipient on completion, and announces completion', async () => {
    // A slow completion, so the in-between state can be looked at without racing the timer.
    const { w, alice, bob } = await aliceAndBob({ completionDelayMs: 500 });
    const quote = await sendQuote(w, alice, bob, '130.00', { metadata: { order: 'A-1' } });
    const txn = await w.client.transactions.create({ quoteId: quote.id });
    expect(txn).toMatchObject({
      object: 'transaction',
      type: 'cryptoToCrypto',
      status: 'processing',
      customerId: alice.customer.id,
      senderCustomerId: alice.customer.id,
      recipientCustomerId: bob.customer.id,
      quoteId: quote.id,
      cashInId: null,
      virtualAccountId: null,
      depositAddressId: null,
      rail: 'crypto',
      fixedAmountSide: 'source',
      source: {
        walletId: alice.wallet.id,
        asset: 'usdc',
        network: 'polygon',
        amountGross: '130.00',
        amountNet: '129.51',
        feesDeducted: { total: '0.49', oms: '0.46', gas: '0.03' },
      },
      destination: { walletId: bob.wallet.id, asset: 'usdc', network: 'polygon', amountGross: '129.51', amountNet: '129.51', txHash: null },
      rates: { pair: 'USDC/USDC', exchangeRate: '1.0000', effectiveRate: '0.9962' },
      error: null,
      completedAt: null,
      metadata: { order: 'A-1' },
    });
    expect(txn.id).toMatch(/^txn_/);

    // Right after execution, before completion: the gross is gone from Alice, Bob's credit is pending.
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '870.00', pendingBalance: '0.00' });
    expect(await balances(w, bob.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '129.51' });
    expect((await w.client.quotes.get(quote.id)).status).toBe('accepted');
    expect((await w.client.transactions.get(txn.id)).status).toBe('processing');
    // Money still on its way cannot be spent yet.
    const early = await sendQuote(w, bob, alice, '10.00');
    expect(await omsError(w.client.transactions.create({ quoteId: early.id }))).toMatchObject({ status: 422, code: 'insufficient_balance' });

    await w.sandbox.idle();
    const done = await w.client.transactions.get(txn.id);
    expect(done).toMatchObject({ status: 'completed', subStatus: null, error: null });
    expect(done.destination.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(done.completedAt).toEqual(expect.any(String));
    expect(Date.parse(done.completedAt!)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '870.00', pendingBalance: '0.00' });
    expect(await balances(w, bob.wallet.id)).toEqual({ balance: '129.51', pendingBalance: '0.00' });

    // v0.9 lists no processing event for cryptoToCrypto.
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToCrypto.completed']);
    const event = w.received.find((e) => e.data.id === txn.id)!;
    expect(event.data).toMatchObject({ status: 'completed', completedAt: done.completedAt, destination: { txHash: done.destination.txHash } });
  });

  it('replays the same transaction for the same idempotency key and debits once; a new key is 409 quote_already_accepted', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '130.00');
    const first = await w.client.transactions.create({ quoteId: quote.id }, { idempotencyKey: 'send-alice-bob-1' });
    const again = await w.client.transactions.create({ quoteId: quote.id }, { idempotencyKey: 'send-alice-bob-1' });
    expect(again.id).toBe(first.id);
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '870.00', pendingBalance: '0.00' });

    const other = await omsError(w.client.transactions.create({ quoteId: quote.id }, { idempotencyKey: 'send-alice-bob-2' }));
    expect(other).toMatchObject({ status: 409, code: 'quote_already_accepted', param: 'quoteId' });

    await w.sandbox.idle();
    // A replay after completion is still the same transaction, and still nothing more is debited.
    const late = await w.client.transactions.create({ quoteId: quote.id }, { idempotencyKey: 'send-alice-bob-1' });
    expect(late.id).toBe(first.id);
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '870.00', pendingBalance: '0.00' });
    expect(await balances(w, bob.wallet.id)).toEqual({ balance: '129.51', pendingBalance: '0.00' });
    const sends = await w.client.transactions.list({ type: 'cryptoToCrypto' });
    expect(ids(sends.data)).toEqual([first.id]);
  });

  it('refuses to execute beyond the balance with 422 insufficient_balance and debits nothing; the exact balance is enough', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const tooMuch = await sendQuote(w, alice, bob, '1000.01');
    const error = await omsError(w.client.transactions.create({ quoteId: tooMuch.id }));
    expect(error).toMatchObject({ status: 422, code: 'insufficient_balance', param: 'quoteId' });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '1000.00', pendingBalance: '0.00' });
    expect((await w.client.quotes.get(tooMuch.id)).status).toBe('open');
    expect((await w.client.transactions.list({ type: 'cryptoToCrypto' })).data).toEqual([]);

    const everything = await sendQuote(w, alice, bob, '1000.00');
    await w.client.transactions.create({ quoteId: everything.id });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '0.00' });
    await w.sandbox.idle();
    // 0.35% of 1000.00 = 3.50, + 0.03 gas: Bob receives 996.47.
    expect(await balances(w, bob.wallet.id)).toEqual({ balance: '996.47', pendingBalance: '0.00' });
  });

  it('refuses an expired quote with 422 quote_expired, and the quote then reads expired', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '130.00');
    w.sandbox.clock.advance(QUOTE_TTL_MS + 1);
    const error = await omsError(w.client.transactions.create({ quoteId: quote.id }));
    expect(error).toMatchObject({ status: 422, code: 'quote_expired', param: 'quoteId' });
    expect(await w.client.quotes.get(quote.id)).toMatchObject({ status: 'expired', expiresAt: quote.expiresAt });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '1000.00', pendingBalance: '0.00' });
  });

  it('a quote nearly at the end of its window still executes; merely looking at an expired one expires it', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const early = await sendQuote(w, alice, bob, '10.00');
    const late = await sendQuote(w, alice, bob, '20.00');
    w.sandbox.clock.advance(QUOTE_TTL_MS - 30_000);
    expect((await w.client.transactions.create({ quoteId: early.id })).status).toBe('processing');
    w.sandbox.clock.advance(30_001);
    expect((await w.client.quotes.get(late.id)).status).toBe('expired');
    expect((await w.client.quotes.get(early.id)).status).toBe('accepted');
  });

  it('returns the debit to the source when a send fails (X-Sandbox-Outcome: failed)', async () => {
    const { w, alice, bob } = await aliceAndBob({ completionDelayMs: 500 });
    const quote = await sendQuote(w, alice, bob, '130.00');
    const txn = await w.client.transactions.create({ quoteId: quote.id }, { sandboxOutcome: 'failed' });
    expect(txn.status).toBe('processing');
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '870.00', pendingBalance: '0.00' });

    await w.sandbox.idle();
    const failed = await w.client.transactions.get(txn.id);
    expect(failed).toMatchObject({ status: 'failed', completedAt: null, error: { code: expect.any(String), message: expect.any(String) } });
    expect(failed.error!.code).not.toBe('');
    expect(failed.error!.message).not.toBe('');
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '1000.00', pendingBalance: '0.00' });
    expect(await balances(w, bob.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '0.00' });
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToCrypto.failed']);
    expect(w.received.find((e) => e.data.id === txn.id)!.data).toMatchObject({ status: 'failed', error: failed.error });
  });

  it('fails a send of the magic amount 13.13 without any header', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '13.13');
    const txn = await w.client.transactions.create({ quoteId: quote.id });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '986.87', pendingBalance: '0.00' });
    await w.sandbox.idle();
    expect(await w.client.transactions.get(txn.id)).toMatchObject({ status: 'failed', error: { code: expect.any(String) } });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '1000.00', pendingBalance: '0.00' });
    expect(await balances(w, bob.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '0.00' });
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToCrypto.failed']);
  });

  it('refuses an unknown X-Sandbox-Outcome with 400 and leaves wallet and quote untouched', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const quote = await sendQuote(w, alice, bob, '130.00');
    const error = await omsError(w.client.transactions.create({ quoteId: quote.id }, { sandboxOutcome: 'explode' }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'X-Sandbox-Outcome' });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '1000.00', pendingBalance: '0.00' });
    expect((await w.client.quotes.get(quote.id)).status).toBe('open');
    // The quote can still be executed properly afterwards.
    const txn = await w.client.transactions.create({ quoteId: quote.id });
    expect(txn.status).toBe('processing');
  });

  it('sends to an external blockchain address: nobody in OMS is credited, the sender is debited', async () => {
    const { w, alice } = await aliceAndBob();
    const quote = await w.client.quotes.create({
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '50.00' },
      destination: { wallet: { blockchainAddress: ADDRESS }, asset: 'usdc', network: 'polygon' },
    });
    // 0.35% of 50.00 = 0.175 -> 0.18; + 0.03 = 0.21; net 49.79.
    expect(quote).toMatchObject({
      type: 'cryptoToCrypto',
      source: { amountGross: '50.00', amountNet: '49.79', feesDeducted: { total: '0.21', oms: '0.18', gas: '0.03' } },
      destination: { walletId: null, blockchainAddress: ADDRESS, externalAccountId: null, amountNet: '49.79' },
    });
    const txn = await w.client.transactions.create({ quoteId: quote.id });
    expect(txn).toMatchObject({ status: 'processing', recipientCustomerId: null, destination: { blockchainAddress: ADDRESS } });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '950.00', pendingBalance: '0.00' });
    await w.sandbox.idle();
    const done = await w.client.transactions.get(txn.id);
    expect(done.status).toBe('completed');
    expect(done.destination.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '950.00', pendingBalance: '0.00' });
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToCrypto.completed']);
  });
});

describe('cryptoToFiat payouts', () => {
  it('quotes a payout to a US bank account with the cryptoToFiat fees, executes, and completes', async () => {
    const { w, alice } = await aliceAndBob({ completionDelayMs: 500 });
    const bank = await usBank(w, alice);
    expect(bank).toMatchObject({
      type: 'usBank',
      status: 'verified',
      network: 'ach',
      customerId: alice.customer.id,
      bankDetails: { bankName: 'Chase', accountNumber: '******4242' },
    });
    expect(bank.id).toMatch(/^cpUsBank_/);

    const quote = await w.client.quotes.create({
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '250.00' },
      destination: { wallet: { externalAccount: bank.id }, asset: 'usd', network: 'ach' },
    });
    // 0.5% of 250.00 = 1.25, + 1.00 fixed = 2.25; net 247.75; 247.75 / 250.00 = 0.9910.
    expect(quote).toMatchObject({
      type: 'cryptoToFiat',
      status: 'open',
      fixedAmountSide: 'source',
      source: {
        walletId: alice.wallet.id,
        asset: 'usdc',
        amountGross: '250.00',
        amountNet: '247.75',
        feesDeducted: { total: '2.25', developer: '0.00', oms: '2.25', gas: '0.00' },
      },
      destination: {
        walletId: null,
        blockchainAddress: null,
        externalAccountId: bank.id,
        asset: 'usd',
        network: 'ach',
        amountGross: '247.75',
        amountNet: '247.75',
      },
      rates: { pair: 'USDC/USD', exchangeRate: '1.0000', effectiveRate: '0.9910' },
    });

    const txn = await w.client.transactions.create({ quoteId: quote.id });
    expect(txn).toMatchObject({
      type: 'cryptoToFiat',
      status: 'processing',
      rail: 'ach',
      recipientCustomerId: null,
      destination: { externalAccountId: bank.id },
    });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '750.00', pendingBalance: '0.00' });

    await w.sandbox.idle();
    const done = await w.client.transactions.get(txn.id);
    expect(done).toMatchObject({ status: 'completed', error: null });
    expect(done.completedAt).toEqual(expect.any(String));
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '750.00', pendingBalance: '0.00' });
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToFiat.processing', 'transaction.cryptoToFiat.completed']);
  });

  it('rounds payout fees half-up and grosses up a fixed destination amount', async () => {
    const { w, alice } = await aliceAndBob();
    const bank = await usBank(w, alice);
    const source = { walletId: alice.wallet.id, asset: 'usdc' as const, network: 'polygon' as const };
    const destination = { wallet: { externalAccount: bank.id }, asset: 'usd' as const, network: 'ach' as const };
    const odd = await w.client.quotes.create({ customerId: alice.customer.id, source: { ...source, amount: '123.45' }, destination });
    // 0.5% of 123.45 = 0.61725 -> 0.62, + 1.00 = 1.62; net 121.83; 121.83 / 123.45 = 0.98688 -> 0.9869.
    expect(odd).toMatchObject({
      source: { amountGross: '123.45', amountNet: '121.83', feesDeducted: { total: '1.62', oms: '1.62' } },
      rates: { effectiveRate: '0.9869' },
    });
    const fixed = await w.client.quotes.create({ customerId: alice.customer.id, source, destination: { ...destination, amount: '100.00' } });
    // (100.00 + 1.00) / 0.995 = 101.507... -> 101.51: 0.5% = 0.50755 -> 0.51, + 1.00 = 1.51, net exactly 100.00.
    expect(fixed).toMatchObject({
      fixedAmountSide: 'destination',
      source: { amountGross: '101.51', amountNet: '100.00' },
      destination: { amountNet: '100.00' },
    });
  });

  it('refuses payout amounts with more than 2 decimals, and bank accounts of other customers', async () => {
    const { w, alice, bob } = await aliceAndBob();
    const bank = await usBank(w, alice);
    const source = { walletId: alice.wallet.id, asset: 'usdc' as const, network: 'polygon' as const };
    const destination = { wallet: { externalAccount: bank.id }, asset: 'usd' as const, network: 'ach' as const };
    const onSource = await omsError(w.client.quotes.create({ customerId: alice.customer.id, source: { ...source, amount: '250.005' }, destination }));
    expect(onSource).toMatchObject({ status: 400, code: 'invalid_request', param: 'source.amount' });
    const onDestination = await omsError(w.client.quotes.create({ customerId: alice.customer.id, source, destination: { ...destination, amount: '100.001' } }));
    expect(onDestination).toMatchObject({ status: 400, code: 'invalid_request', param: 'destination.amount' });
    // Trailing zeros past the cent are not extra precision.
    const zeros = await w.client.quotes.create({ customerId: alice.customer.id, source: { ...source, amount: '250.0000' }, destination });
    expect(zeros.source.amountGross).toBe('250.00');

    const bobsBank = await usBank(w, bob);
    const foreign = await omsError(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { ...source, amount: '10.00' },
        destination: { ...destination, wallet: { externalAccount: bobsBank.id } },
      }),
    );
    expect(foreign).toMatchObject({ status: 400, param: 'destination.wallet.externalAccount' });
  });
});

describe('transaction lists', () => {
  /**
   * Alice and Carol are funded; then Alice pays Bob twice (the second fails), pays out to her bank,
   * Carol pays Alice, and Alice sends to an outside address. The sandbox clock moves a second between
   * steps, so every transaction has its own createdAt.
   */
  async function history() {
    const w = await world();
    const alice = await seller(w.client, 'Alice');
    const bob = await seller(w.client, 'Bob');
    const carol = await seller(w.client, 'Carol');
    const tick = () => w.sandbox.clock.advance(1_000);
    const latest = async (customerId: string) => (await w.client.transactions.listForCustomer(customerId, { limit: 1 })).data[0]!;
    const execute = async (quote: Promise<{ id: string }>, outcome?: string) => {
      const txn = await w.client.transactions.create({ quoteId: (await quote).id }, outcome ? { sandboxOutcome: outcome } : {});
      tick();
      return txn;
    };
    await fund(w, alice.customer.id, alice.wallet.id, 100_100);
    const fundAlice = await latest(alice.customer.id);
    tick();
    await fund(w, carol.customer.id, carol.wallet.id, 10_100);
    const fundCarol = await latest(carol.customer.id);
    tick();
    const bank = await usBank(w, alice);
    const t1 = await execute(sendQuote(w, alice, bob, '10.00'));
    const t2 = await execute(sendQuote(w, alice, bob, '20.00'), 'failed');
    const t3 = await execute(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '30.00' },
        destination: { wallet: { externalAccount: bank.id }, asset: 'usd', network: 'ach' },
      }),
    );
    const t4 = await execute(sendQuote(w, carol, alice, '5.00'));
    const t5 = await execute(
      w.client.quotes.create({
        customerId: alice.customer.id,
        source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '7.00' },
        destination: { wallet: { blockchainAddress: ADDRESS }, asset: 'usdc', network: 'polygon' },
      }),
    );
    await w.sandbox.idle();
    expect(fundAlice.virtualAccountId).toBeTruthy();
    expect(fundCarol.virtualAccountId).toBeTruthy();
    const newestFirst = [t5, t4, t3, t2, t1, fundCarol, fundAlice];
    return { w, alice, bob, carol, t1, t2, t3, t4, t5, fundAlice, fundCarol, newestFirst };
  }

  it('lists every transaction newest first, and filters by type, status, dates (inclusive) and customer', async () => {
    const h = await history();
    const { w, t1, t2, t3, t4, t5, fundAlice, fundCarol } = h;
    const list = async (params: Parameters<typeof w.client.transactions.list>[0]) => ids((await w.client.transactions.list(params)).data);

    const all = await w.client.transactions.list();
    expect(ids(all.data)).toEqual(ids(h.newestFirst));
    expect(all.hasMore).toBe(false);
    expect(ids(await collect(w.client.transactions.listAll()))).toEqual(ids(h.newestFirst));

    expect(await list({ type: 'cryptoToCrypto' })).toEqual(ids([t5, t4, t2, t1]));
    expect(await list({ type: 'cryptoToFiat' })).toEqual(ids([t3]));
    expect(await list({ type: 'fiatToCrypto' })).toEqual(ids([fundCarol, fundAlice]));
    expect(await list({ status: 'failed' })).toEqual(ids([t2]));
    expect(await list({ status: 'completed' })).toEqual(ids([t5, t4, t3, t1, fundCarol, fundAlice]));
    expect(await list({ status: 'processing' })).toEqual([]);

    // Bounds are inclusive: the transactions sitting exactly on them are in.
    expect(await list({ createdAfter: t1.createdAt, createdBefore: t3.createdAt })).toEqual(ids([t3, t2, t1]));
    expect(await list({ createdAfter: t2.createdAt, createdBefore: t2.createdAt })).toEqual(ids([t2]));
    expect(await list({ createdAfter: t4.createdAt })).toEqual(ids([t5, t4]));
    expect(await list({ createdBefore: fundCarol.createdAt })).toEqual(ids([fundCarol, fundAlice]));
    expect(await list({ createdAfter: t5.createdAt, createdBefore: t1.createdAt })).toEqual([]);
    // The same instant written with another UTC offset is the same bound.
    expect(await list({ createdAfter: withOffset(t1.createdAt, 2), createdBefore: withOffset(t3.createdAt, -5) })).toEqual(ids([t3, t2, t1]));

    expect(await list({ customerId: h.bob.customer.id })).toEqual(ids([t2, t1]));
    expect(await list({ customerId: h.carol.customer.id })).toEqual(ids([t4, fundCarol]));
    expect(await list({ customerId: h.alice.customer.id })).toEqual(ids([t5, t4, t3, t2, t1, fundAlice]));
    expect(await list({ customerId: h.bob.customer.id, type: 'cryptoToCrypto', status: 'completed' })).toEqual(ids([t1]));
    expect(await list({ type: 'cryptoToCrypto', createdAfter: t2.createdAt, createdBefore: t4.createdAt })).toEqual(ids([t4, t2]));
  });

  it("lists a customer's own transactions, including sends it received", async () => {
    const h = await history();
    const { w, t1, t2, t3, t4, t5, fundAlice } = h;
    const alice = await w.client.transactions.listForCustomer(h.alice.customer.id);
    expect(ids(alice.data)).toEqual(ids([t5, t4, t3, t2, t1, fundAlice]));
    const bob = await w.client.transactions.listForCustomer(h.bob.customer.id);
    expect(ids(bob.data)).toEqual(ids([t2, t1]));
    expect(bob.data[1]).toMatchObject({ senderCustomerId: h.alice.customer.id, recipientCustomerId: h.bob.customer.id, status: 'completed' });
    expect(ids((await w.client.transactions.listForCustomer(h.alice.customer.id, { type: 'cryptoToCrypto', status: 'completed' })).data)).toEqual(
      ids([t5, t4, t1]),
    );
    expect(ids((await w.client.transactions.listForCustomer(h.alice.customer.id, { createdAfter: t2.createdAt, createdBefore: t4.createdAt })).data)).toEqual(
      ids([t4, t3, t2]),
    );
    expect(ids(await collect(w.client.transactions.listAllForCustomer(h.alice.customer.id, { limit: 2 })))).toEqual(ids(alice.data));
    expect(await omsError(w.client.transactions.listForCustomer('cst_01UNKNOWN'))).toMatchObject({ status: 404, code: 'resource_not_found' });
  });

  it('pages forward with startingAfter to the end and back with endingBefore, without gaps or repeats', async () => {
    const h = await history();
    const { w } = h;
    const expected = ids(h.newestFirst);

    const forward = [await w.client.transactions.list({ limit: 2 })];
    while (forward.at(-1)!.hasMore) {
      forward.push(await w.client.transactions.list({ limit: 2, startingAfter: forward.at(-1)!.nextCursor! }));
    }
    expect(forward.map((p) => ids(p.data))).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4, 6), expected.slice(6)]);
    expect(forward.map((p) => p.hasMore)).toEqual([true, true, true, false]);

    const backward = [forward.at(-1)!];
    for (;;) {
      const page = await w.client.transactions.list({ limit: 2, endingBefore: backward[0]!.previousCursor! });
      backward.unshift(page);
      if (!page.hasMore) break;
    }
    expect(backward.map((p) => ids(p.data))).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4, 6), expected.slice(6)]);
    expect(backward.flatMap((p) => ids(p.data))).toEqual(expected);
    expect(new Set(backward.flatMap((p) => ids(p.data))).size).toBe(expected.length);

    // Nothing is newer than the newest.
    const beyond = await w.client.transactions.list({ limit: 2, endingBefore: forward[0]!.previousCursor! });
    expect(beyond).toMatchObject({ data: [], hasMore: false });
    // Filters hold across pages.
    const sends = [await w.client.transactions.list({ limit: 2, type: 'cryptoToCrypto' })];
    while (sends.at(-1)!.hasMore) sends.push(await w.client.transactions.list({ limit: 2, type: 'cryptoToCrypto', startingAfter: sends.at(-1)!.nextCursor! }));
    expect(sends.flatMap((p) => ids(p.data))).toEqual(ids([h.t5, h.t4, h.t2, h.t1]));

    // A customer's list pages the same way.
    const aliceExpected = ids([h.t5, h.t4, h.t3, h.t2, h.t1, h.fundAlice]);
    const alicePages = [await w.client.transactions.listForCustomer(h.alice.customer.id, { limit: 2 })];
    while (alicePages.at(-1)!.hasMore) {
      alicePages.push(await w.client.transactions.listForCustomer(h.alice.customer.id, { limit: 2, startingAfter: alicePages.at(-1)!.nextCursor! }));
    }
    expect(alicePages.flatMap((p) => ids(p.data))).toEqual(aliceExpected);
    const back = await w.client.transactions.listForCustomer(h.alice.customer.id, { limit: 2, endingBefore: alicePages.at(-1)!.previousCursor! });
    expect(ids(back.data)).toEqual(aliceExpected.slice(2, 4));
    expect(back.hasMore).toBe(true);
  });

  it('refuses bad list parameters with 400', async () => {
    const { w } = await aliceAndBob();
    expect(await omsError(w.client.transactions.list({ limit: 0 }))).toMatchObject({ status: 400, code: 'invalid_request', param: 'limit' });
    expect(await omsError(w.client.transactions.list({ limit: 101 }))).toMatchObject({ status: 400, code: 'invalid_request', param: 'limit' });
    expect(await omsError(w.client.transactions.list({ startingAfter: 'not-a-cursor' }))).toMatchObject({ status: 400, param: 'startingAfter' });
    expect(await omsError(w.client.transactions.list({ createdAfter: 'yesterday' }))).toMatchObject({ status: 400, param: 'createdAfter' });
  });
});
