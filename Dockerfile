# Build: compile TypeScript to dist/, and bundle the browser apps (the example seller dashboard) into dist/browser.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY examples ./examples
RUN npm run build

# Run: production dependencies and the compiled code only, as an unprivileged user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The example dashboard's registered operations, which the demo tenant holds its seller tokens to.
COPY --from=build /app/examples/seller-dashboard/src/generated/persisted-documents.json ./examples/seller-dashboard/src/generated/
USER node
EXPOSE 4000
# Liveness: /healthz answers while the process serves HTTP (readiness, /readyz, is the proxy's or
# orchestrator's business). The slim image has no curl; Node 20's fetch does the job. PORT is the
# container's own (4000 unless set); the gateway listens on every interface by default (HOST).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
