import { type Config, loadConfig } from '../src/config.js';

/** The session secret of every benchmark's gateway. */
export const BENCH_SESSION_SECRET = 'bench-session-secret-of-at-least-32-chars';

/** A benchmark gateway's config: any free port on loopback, no logs, `env` on top. */
export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SESSION_SECRET: BENCH_SESSION_SECRET, ...env });
}
