# Capstan worker image; also runs the simulated cloud (`capstan sim serve`), see docker-compose.yml.
# TypeScript runs through tsx (a runtime dependency), so there is no build stage.
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# The sim keeps its world in /data so a restarted container finds the infrastructure as it left it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

CMD ["node", "bin/run-ts", "workers/main.ts"]
