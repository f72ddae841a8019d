/** An OMS error answer: `{"error":{"code","message","param"?,"requestId"}}` with the status the contract fixes. */
export class SandboxError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string, param?: string) =>
  new SandboxError(404, 'resource_not_found', `No ${what} with id ${JSON.stringify(id)}`, param);

export const invalid = (param: string, message: string) => new SandboxError(400, 'invalid_request', message, param);

export const unprocessable = (code: string, message: string, param?: string) => new SandboxError(422, code, message, param);
