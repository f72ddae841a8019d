import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults: the embedded sandbox on port 4000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', oms: undefined, redisUrl: undefined });
    expect(config.sandbox).toMatchObject({ completionDelayMs: 2000, tokenTtlSeconds: 3600 });
  });

  it('names every bad variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', SANDBOX_API_KEY: 'key' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).toThrow(/SANDBOX_API_KEY: must start with sk_/);
  });

  it('executes with graphql-jit unless GRAPHQL_EXECUTOR=graphql-js, and names any other value', () => {
    expect(loadConfig({}).graphql.executor).toBe('jit');
    expect(loadConfig({ GRAPHQL_EXECUTOR: 'graphql-js' }).graphql.executor).toBe('graphql-js');
    expect(() => loadConfig({ GRAPHQL_EXECUTOR: 'fast' })).toThrow(/GRAPHQL_EXECUTOR/);
  });

  it('serves the playground unless NODE_ENV=production; PLAYGROUND=on or off decides, and nothing else is taken', () => {
    expect(loadConfig({}).playground).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).playground).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', PLAYGROUND: 'on' }).playground).toBe(true);
    expect(loadConfig({ PLAYGROUND: 'off' }).playground).toBe(false);
    expect(() => loadConfig({ PLAYGROUND: 'yes' })).toThrow(/PLAYGROUND: must be on or off/);
  });

  it('needs credentials with a real OMS', () => {
    expect(() => loadConfig({ OMS_BASE_URL: 'https://sandbox-api.polygon.technology/v0.9' })).toThrow(/OMS_API_KEY: is required when OMS_BASE_URL is set/);
    const config = loadConfig({ OMS_BASE_URL: 'https://api.example.com/v0.9', OMS_API_KEY: 'sk_live_x', OMS_API_SECRET: 's' });
    expect(config.oms).toEqual({
      baseUrl: 'https://api.example.com/v0.9',
      apiKey: 'sk_live_x',
      apiSecret: 's',
      timeoutMs: 10_000,
      webhookSecrets: [],
      sandbox: false,
    });
    const secrets = loadConfig({
      OMS_BASE_URL: 'https://api.example.com/v0.9',
      OMS_API_KEY: 'k',
      OMS_API_SECRET: 's',
      OMS_WEBHOOK_SECRETS: 'whsec_a, whsec_b',
    });
    expect(secrets.oms?.webhookSecrets).toEqual(['whsec_a', 'whsec_b']);
    expect(() => loadConfig({ OMS_WEBHOOK_SECRETS: 'whsec_a,nope' })).toThrow(/OMS_WEBHOOK_SECRETS: each secret must start with whsec_/);
  });

  it('takes the previous session secret during a rotation, only beside a new one', () => {
    const [previous, next] = ['the-old-session-secret-0123456789abcdef', 'the-new-session-secret-0123456789abcdef'];
    expect(loadConfig({ SESSION_SECRET: next, SESSION_SECRET_PREVIOUS: previous })).toMatchObject({ sessionSecret: next, sessionSecretPrevious: previous });
    expect(loadConfig({}).sessionSecretPrevious).toBeUndefined();
    expect(() => loadConfig({ SESSION_SECRET_PREVIOUS: previous })).toThrow(/SESSION_SECRET_PREVIOUS: needs SESSION_SECRET/);
    expect(() => loadConfig({ SESSION_SECRET: next, SESSION_SECRET_PREVIOUS: 'short' })).toThrow(/SESSION_SECRET_PREVIOUS: must be at least 32 characters/);
  });

  it('takes a Redis Cluster as REDIS_CLUSTER_NODES (host:port, comma-separated), never beside REDIS_URL', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[::1]:7002' })).toMatchObject({
      redisUrl: undefined,
      redis: {
        clusterNodes: [
          { host: 'redis-a', port: 7000 },
          { host: '10.0.0.2', port: 7001 },
          { host: '::1', port: 7002 },
        ],
      },
    });
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'redis-a:7000' })).toThrow(
      /REDIS_CLUSTER_NODES: cannot be set together with REDIS_URL/,
    );
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b' })).toThrow(/REDIS_CLUSTER_NODES\.1: each node must be host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:70000' })).toThrow(/REDIS_CLUSTER_NODES\.0: each node needs a port from 1 to 65535/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: ' , ' })).toThrow(/REDIS_CLUSTER_NODES: must name at least one host:port/);
  });
});
