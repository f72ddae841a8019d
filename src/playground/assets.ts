import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { playgroundClientScript, playgroundStyles } from './client.js';

/** A file the playground page loads: one from an installed package, or one of its own, in memory. */
export type PlaygroundAsset = { kind: 'file'; path: string } | { kind: 'inline'; type: 'js' | 'css'; body: string };

export interface PlaygroundAssetUrls {
  react: string;
  reactDom: string;
  graphiql: string;
  graphiqlCss: string;
  graphqlWs: string;
  client: string;
  styles: string;
}

export interface PlaygroundAssets {
  /** Absolute URL paths of every asset, for the page. */
  urls: PlaygroundAssetUrls;
  /**
   * The whitelist, keyed by the path under the mount (`<name>@<version>/<file>`); nothing else is
   * served. Versions (package versions, or content hashes for our own files) are part of the path,
   * so the files can be cached forever.
   */
  files: Map<string, PlaygroundAsset>;
}

type VendorKey = Exclude<keyof PlaygroundAssetUrls, 'client' | 'styles'>;

/** UMD builds, which need no bundler: each defines a global (React, ReactDOM, GraphiQL, graphqlWs). */
const vendor: Record<VendorKey, { pkg: string; file: string }> = {
  react: { pkg: 'react', file: 'umd/react.production.min.js' },
  reactDom: { pkg: 'react-dom', file: 'umd/react-dom.production.min.js' },
  graphiql: { pkg: 'graphiql', file: 'graphiql.min.js' },
  graphiqlCss: { pkg: 'graphiql', file: 'graphiql.min.css' },
  graphqlWs: { pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js' },
};

/**
 * Finds the playground's files under `mount` (e.g. /playground/assets). Packages are resolved the way
 * Node resolves them from this module, so the same code works from src/ and from dist/; a missing
 * file fails here, at startup, rather than as a blank page.
 */
export function playgroundAssets(mount: string): PlaygroundAssets {
  const require = createRequire(import.meta.url);
  const files = new Map<string, PlaygroundAsset>();
  const add = (key: string, asset: PlaygroundAsset): string => {
    files.set(key, asset);
    return `${mount}/${key}`;
  };

  const vendorUrls = {} as Record<VendorKey, string>;
  for (const [name, { pkg, file }] of Object.entries(vendor) as [VendorKey, { pkg: string; file: string }][]) {
    const manifest = require.resolve(`${pkg}/package.json`);
    const { version } = require(manifest) as { version: string };
    const absolute = path.join(path.dirname(manifest), file);
    if (!existsSync(absolute)) throw new Error(`The playground expected ${file} in ${pkg}@${version} (${absolute}), but it is not there`);
    vendorUrls[name] = add(`${pkg}@${version}/${path.basename(file)}`, { kind: 'file', path: absolute });
  }

  return {
    files,
    urls: {
      ...vendorUrls,
      client: add(`playground@${hash(playgroundClientScript)}/playground.js`, { kind: 'inline', type: 'js', body: playgroundClientScript }),
      styles: add(`playground@${hash(playgroundStyles)}/playground.css`, { kind: 'inline', type: 'css', body: playgroundStyles }),
    },
  };
}

function hash(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}
