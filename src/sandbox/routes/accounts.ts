import type { SandboxApp, SandboxDeps } from '../context.js';

export function accountRoutes(_app: SandboxApp, _deps: SandboxDeps): void {}
