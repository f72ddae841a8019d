import type { SandboxApp, SandboxDeps } from '../context.js';

export function paymentRoutes(_app: SandboxApp, _deps: SandboxDeps): void {}
