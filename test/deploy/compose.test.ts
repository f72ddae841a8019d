import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';

/**
 * deploy/compose.yaml, checked without a container engine: parsed, interpolated as Compose does, and
 * validated against the Compose Specification's own JSON Schema (vendored in deploy/compose-spec/);
 * then what the schema cannot know: the gateways' environment is one the gateway accepts, Redis keeps
 * an append-only file on a volume, and the Caddyfile proxies to the gateway services that exist.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const deploy = path.join(root, 'deploy');
const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters';

type Json = Record<string, any>;

/**
 * Compose's interpolation of values: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
 * ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement}.
 */
function interpolate(value: unknown, env: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => interpolate(item, env));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  if (typeof value !== 'string') return value;
  return value.replace(/\$(?:\$|\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_]\w*))/g, (whole, braced, op, arg, bare) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const set = name in env;
    const given = set && (op?.startsWith(':') ? env[name] !== '' : true);
    switch (op?.replace(':', '')) {
      case undefined:
        return env[name] ?? '';
      case '-':
        return given ? env[name]! : arg;
      case '?':
        if (!given) throw new Error(`${name}: ${arg}`);
        return env[name]!;
      case '+':
        return given ? arg : '';
      default:
        throw new Error(`unexpected interpolation ${whole}`);
    }
  });
}

async function composeFile(env: Record<string, string> = { SESSION_SECRET }): Promise<Json> {
  return interpolate(parse(await readFile(path.join(deploy, 'compose.yaml'), 'utf8')), env) as Json;
}

let compiled: ReturnType<typeof compileSpec> | undefined;
const specValidator = () => (compiled ??= compileSpec());

async function compileSpec() {
  const schema = JSON.parse(await readFile(path.join(deploy, 'compose-spec/compose-spec.json'), 'utf8'));
  // Strict about keywords; strictTypes (ajv's advice on how a schema should spell types) is off, as the
  // specification's style differs from it without changing what it accepts.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  // The specification names draft-07 by its https address; ajv knows the meta-schema by its http one.
  ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  return ajv.compile(schema);
}

/** The upstreams and settings of the Caddyfile's reverse_proxy block. */
async function caddy(): Promise<{ upstreams: string[]; settings: Map<string, string>; site: string }> {
  const text = (await readFile(path.join(deploy, 'Caddyfile'), 'utf8')).replace(/#.*$/gm, '');
  const block = /^(\S+) \{\s*reverse_proxy ([^{\n]+)\{([^}]*)\}/m.exec(text);
  if (!block) throw new Error('the Caddyfile has no site with a reverse_proxy block');
  const settings = new Map(
    block[3]!
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => [line.split(/\s+/)[0]!, line.split(/\s+/).slice(1).join(' ')] as [string, string]),
  );
  return { site: block[1]!, upstreams: block[2]!.trim().split(/\s+/), settings };
}

describe('deploy/compose.yaml', () => {
  it('is a valid Compose file by the Compose Specification schema', async () => {
    const validate = await specValidator();
    expect(validate(await composeFile()), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is refused by that schema when broken', async () => {
    const validate = await specValidator();
    const breakages: ((file: Json) => void)[] = [
      (file) => (file.services.redis.volumes = 'redis-data:/data'),
      (file) => (file.services['gateway-a'].enviroment = file.services['gateway-a'].environment),
      (file) => (file.services.proxy.depends_on['gateway-a'].condition = 'service_ready'),
      (file) => (file.services.redis.healthcheck.test = { cmd: 'redis-cli ping' }),
      (file) => (file.secrets.tenants = { path: './tenants.json' }),
      (file) => (file.services['bad name!'] = file.services.redis),
    ];
    for (const breakIt of breakages) {
      const file = structuredClone(await composeFile());
      breakIt(file);
      expect(validate(file), breakIt.toString()).toBe(false);
    }
  });

  it('needs SESSION_SECRET, as Compose would say', async () => {
    await expect(composeFile({})).rejects.toThrow(/SESSION_SECRET: set SESSION_SECRET/);
  });

  it('runs two gateway instances of this Dockerfile with an environment the gateway accepts', async () => {
    const file = await composeFile();
    const gateways = Object.entries(file.services as Record<string, Json>).filter(([, service]) => service.build);
    expect(gateways.map(([name]) => name)).toEqual(['gateway-a', 'gateway-b']);
    for (const [, service] of gateways) {
      expect(existsSync(path.join(deploy, service.build.context, 'Dockerfile'))).toBe(true);
      const env = service.environment as Record<string, string>;
      const config = loadConfig(env);
      expect(config.production).toBe(true);
      expect(new URL(config.redisUrl!).hostname).toBe('redis');
      // The tenants file is the secret the service mounts, and Compose reads it beside compose.yaml.
      const [secret] = service.secrets as { source: string; target: string }[];
      expect(config.tenantsFile).toBe(`/run/secrets/${secret!.target}`);
      expect(file.secrets[secret!.source].file).toBe('./tenants.json');
      expect(service.depends_on.redis.condition).toBe('service_healthy');
    }
  });

  it('keeps Redis in an append-only file on a named volume', async () => {
    const file = await composeFile();
    const redis = file.services.redis as Json;
    expect(redis.command.join(' ')).toContain('--appendonly yes');
    expect(redis.command.join(' ')).toContain('--maxmemory-policy noeviction');
    const [volume, mountedAt] = (redis.volumes[0] as string).split(':');
    expect(mountedAt).toBe('/data');
    expect(Object.keys(file.volumes)).toContain(volume);
  });

  it('puts the Caddyfile in front of exactly the gateway services, streaming, on the HEALTHCHECK path', async () => {
    const file = await composeFile();
    const services = file.services as Record<string, Json>;
    const proxy = services.proxy!;
    const mounted = (proxy.volumes as string[]).find((volume) => volume.endsWith(':/etc/caddy/Caddyfile:ro'));
    expect(mounted && existsSync(path.join(deploy, mounted.split(':')[0]!))).toBe(true);

    const { site, upstreams, settings } = await caddy();
    const gateways = Object.keys(services).filter((name) => services[name]!.build);
    expect(upstreams.map((upstream) => upstream.split(':')[0])).toEqual(gateways);
    for (const upstream of upstreams) {
      const [host, port] = upstream.split(':');
      expect(services[host!]!.environment.PORT, upstream).toBe(port);
      expect(services[host!]!.expose, upstream).toContain(port);
      expect(proxy.depends_on[host!].condition).toBe('service_healthy');
    }
    // The site address comes from GATEWAY_DOMAIN, which the proxy service is given.
    expect(site).toMatch(/^\{\$GATEWAY_DOMAIN[:}]/);
    expect(proxy.environment.GATEWAY_DOMAIN).toBe('localhost');
    expect(settings.get('flush_interval')).toBe('-1');
    const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
    const probed = /^HEALTHCHECK .*'(\/\w+)'/m.exec(dockerfile)?.[1];
    // Docker restarts what is not alive; the proxy routes only to what is ready (a draining instance is not).
    expect(probed).toBe('/healthz');
    expect(settings.get('health_uri')).toBe('/readyz');
  });
});
