import { buildWebApps } from '../../src/web/build.js';

/** Builds the browser apps once per run, as `npm start` does, so tests serve what users get. */
export default async function setup(): Promise<void> {
  await buildWebApps();
}
