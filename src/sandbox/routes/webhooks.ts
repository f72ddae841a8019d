import type { SandboxApp, SandboxDeps } from '../context.js';

export function webhookRoutes(_app: SandboxApp, _deps: SandboxDeps): void {}
