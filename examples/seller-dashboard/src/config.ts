import * as z from 'zod/mini';

/**
 * The page's settings, which the server that serves it writes into a JSON block
 * (`<script type="application/json" id="dashboard-config">`): no inline script, so the page runs under
 * a strict Content-Security-Policy. A marketplace serving its own copy writes the same block.
 */
const DashboardConfigSchema = z.object({
  /** The gateway's GraphQL URL: a path on this origin (/graphql) or an absolute URL; graphql-ws uses the same URL. */
  endpoint: z.string().check(z.minLength(1)),
  /**
   * Send each document's hash alone (trusted documents) instead of its text. Only for a gateway that
   * has this page's persisted-documents.json registered for the tenant.
   */
  trustedDocuments: z.boolean(),
  /** Demo mode only: sellers one may sign in as, and where the demo server mints their session tokens. */
  demo: z.nullable(
    z.object({
      sessionUrl: z.string().check(z.minLength(1)),
      sellers: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
});

export type DashboardConfig = z.infer<typeof DashboardConfigSchema>;

/** Reads and checks the page's settings; a page without them, or with bad ones, says which field. */
export function readConfig(doc: Document): DashboardConfig {
  const block = doc.getElementById('dashboard-config');
  if (!block?.textContent) throw new Error('The page has no #dashboard-config settings block');
  const parsed = DashboardConfigSchema.safeParse(JSON.parse(block.textContent));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The page's settings are invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The graphql-ws URL of an HTTP endpoint: same host and path, ws: or wss:. */
export function socketUrl(endpoint: string, base: string): string {
  const url = new URL(endpoint, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}
