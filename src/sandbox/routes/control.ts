import type { SandboxApp, SandboxDeps } from '../context.js';

export function controlRoutes(_app: SandboxApp, _deps: SandboxDeps): void {}
