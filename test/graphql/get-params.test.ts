import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchParams } from '../../src/graphql/http.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

describe('GET parameters', () => {
  it('are every pair of the query string, a repeated name as an array, `__proto__` a name like any other', () => {
    const params = searchParams(`${Array.from({ length: 1500 }, (_, i) => `p${i}=${i}`).join('&')}&a=1&a=2&__proto__=x&b=%20c+d`);
    expect(Object.keys(params)).toHaveLength(1503);
    expect(params.a).toEqual(['1', '2']);
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(params.b).toBe(' c d');
  });

  describe('over HTTP', () => {
    let t: TestGateway;
    beforeAll(async () => {
      t = await startTestGateway();
    });
    afterAll(() => t?.close());

    it('past the thousandth pair are the ones the door checks and Apollo runs alike', async () => {
      const filler = Array.from({ length: 1200 }, (_, i) => `x${i}=1`).join('&');
      const query = encodeURIComponent('query First { viewer { role } } query Second { viewer { tenant { id } } }');
      const response = await fetch(`${t.gateway.url}?query=${query}&${filler}&operationName=Second`, {
        headers: { authorization: `Bearer ${t.keys.acme}`, 'apollo-require-preflight': 'true' },
      });
      expect(await response.json()).toEqual({ data: { viewer: { tenant: { id: 'acme' } } } });
      // A second `query` after the filler is seen too, and refused as any repeated parameter is.
      const twice = await fetch(`${t.gateway.url}?query=${query}&${filler}&query=${query}&operationName=Second`, {
        headers: { authorization: `Bearer ${t.keys.acme}`, 'apollo-require-preflight': 'true' },
      });
      expect(twice.status).toBe(400);
    });
  });
});
