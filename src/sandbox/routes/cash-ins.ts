import type { SandboxApp, SandboxDeps } from '../context.js';

export function cashInRoutes(_app: SandboxApp, _deps: SandboxDeps): void {}
