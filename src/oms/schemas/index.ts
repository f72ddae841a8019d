export * from './common.js';
export * from './customers.js';
export * from './wallets.js';
export * from './accounts.js';
export * from './payments.js';
export * from './cash-ins.js';
export * from './webhooks.js';
