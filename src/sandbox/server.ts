import { serve } from '@hono/node-server';
import type { Config } from '../config.js';
import { createSandbox, type Sandbox } from './app.js';
import { randomHex } from './ids.js';
import type { SandboxOptionsInput } from './options.js';

export interface SandboxServer {
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

/** Serves the sandbox over HTTP on the configured port; resolves once it listens. `overrides` win over config. */
export function startSandboxServer(config: Config, overrides: SandboxOptionsInput = {}): Promise<SandboxServer> {
  const sandbox = createSandbox({
    accounts: [{ apiKey: config.sandbox.apiKey ?? `sk_sdbx_${randomHex(16)}`, apiSecret: config.sandbox.apiSecret ?? randomHex(32) }],
    completionDelayMs: config.sandbox.completionDelayMs,
    tokenTtlSeconds: config.sandbox.tokenTtlSeconds,
    ...overrides,
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: (request) => sandbox.fetch(request), port: config.port, hostname: config.host }, (info) => {
      const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
      resolve({
        sandbox,
        url: `http://${host}:${info.port}/v0.9`,
        close: () =>
          new Promise((done) => {
            sandbox.close();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Prints how to reach the sandbox: its base URL and the credentials to exchange at POST /auth/token. */
export function describeSandbox({ sandbox, url }: SandboxServer): string {
  const { apiKey, apiSecret } = sandbox.accounts[0]!;
  return [
    `OMS sandbox listening: ${url}`,
    `  API key:    ${apiKey}`,
    `  API secret: ${apiSecret}`,
    `  try: curl -s -X POST ${url}/auth/token -H 'content-type: application/json' -d '{"apiKey":"${apiKey}","apiSecret":"${apiSecret}"}'`,
  ].join('\n');
}
