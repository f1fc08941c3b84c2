# The orders subgraph as one image: `docker build -t orders-subgraph .`, then
# `docker run -p 4001:4001 -e ROUTER_SECRET=... -e REDIS_URL=redis://... orders-subgraph`.

# Build: the TypeScript compiler and the dev dependencies stay in this stage.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies and the compiled code only, run as the image's unprivileged `node` user.
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=4001
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4001
# node:20-slim has no curl or wget; Node's own fetch asks /health (liveness: the process answers HTTP).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4001) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself: it drains in-flight requests for SHUTDOWN_GRACE_MS, then exits.
# The V8 flags are those of src/node-flags.ts (a test holds the two equal).
CMD ["node", "--max-semi-space-size=32", "dist/main.js"]
