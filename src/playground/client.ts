/**
 * The playground's browser code, served as a static script so that the page's CSP allows no inline
 * script. It is a string because the build compiles src/ with tsc, which copies no .js files to dist/.
 *
 * It reads its settings from the page's `#playground-config` JSON block and renders GraphiQL with a
 * fetcher that sends queries and mutations over HTTP and subscriptions over graphql-ws, both to the
 * page's own origin. `#query=...` (and `#variables=...`) in the URL open a tab with that operation; the
 * hash never reaches the server, and a `?query=` would be a GraphQL GET for Apollo instead.
 */
// biome-ignore lint/complexity/noUselessStringRaw: the script is kept verbatim, backslashes included, should one be added
export const playgroundClientScript = String.raw`'use strict';
(() => {
  const config = JSON.parse(document.getElementById('playground-config').textContent);
  const httpUrl = new URL(config.endpoint, location.href);
  const wsUrl = new URL(httpUrl);
  wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

  // A graphql-ws socket authenticates once, in connectionParams, and serves every operation sent
  // over it. So each distinct Authorization gets its own lazy client (and socket): a subscription
  // always runs as the headers it was started with, even while another tab runs under other ones.
  const fetchers = new Map();
  function fetcherFor(authorization) {
    let fetcher = fetchers.get(authorization);
    if (!fetcher) {
      fetcher = GraphiQL.createFetcher({
        url: httpUrl.href,
        wsClient: graphqlWs.createClient({
          url: wsUrl.href,
          connectionParams: () => (authorization === null ? {} : { authorization }),
        }),
      });
      fetchers.set(authorization, fetcher);
    }
    return fetcher;
  }

  function authorizationIn(headers) {
    const name = Object.keys(headers).find((key) => key.toLowerCase() === 'authorization');
    return name === undefined ? null : String(headers[name]);
  }

  // GraphiQL hands every execution the headers editor's parsed contents. Without an Authorization
  // there, HTTP and WebSocket alike fall back to the demo key, so both transports act the same.
  function fetcher(params, options) {
    const headers = { ...(options && options.headers) };
    let authorization = authorizationIn(headers);
    if (authorization === null && config.authorization !== null) {
      authorization = headers.Authorization = config.authorization;
    }
    return fetcherFor(authorization)(params, { ...options, headers });
  }

  const initial = new URLSearchParams(location.hash.slice(1));
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      query: initial.get('query') ?? undefined,
      variables: initial.get('variables') ?? undefined,
      shouldPersistHeaders: false,
    }),
  );
})();
`;

/** The page's own styles: GraphiQL fills the window. */
export const playgroundStyles = `html, body { height: 100%; margin: 0; overflow: hidden; }
#graphiql { height: 100vh; }
`;
