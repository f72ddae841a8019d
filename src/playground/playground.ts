import type { Express } from 'express';

/** Serves the offline GraphiQL playground on GET `endpoint` for browsers. (Being written.) */
export function playgroundRoutes(_app: Express, _options: { endpoint: string; token: string | undefined }): void {}
