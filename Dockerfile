# mqtt-why: one image for the bot (npm start) and the probe/health workers (npm run worker).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The build needs the dev dependencies (TypeScript); they stay in this stage.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
COPY bench ./bench
# The build also writes the KB's index (kb/.mqtt-why-index), which the CLI reads at start.
COPY bin ./bin
COPY kb ./kb
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Fonts for the chart images sent to Slack (resvg draws text with the system's fonts).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY --from=build /app/kb ./kb
COPY slack ./slack
USER node
EXPOSE 3000
# The same commands as the README's: npm start (bot), npm run worker (workers).
CMD ["npm", "start"]
