/** /healthz (process up, Redis reachable, queue depth) and /metrics (Prometheus) for operators. */
import type { Queue } from 'bullmq';
import type { RedisClient } from '../state/redis';
import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { Metrics } from '../metrics';

export interface OpsRoute {
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

async function redisUp(redis: RedisClient): Promise<boolean> {
  try {
    return (
      (await Promise.race([
        redis.ping(),
        new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000)),
      ])) === 'PONG'
    );
  } catch {
    return false;
  }
}

async function depths(queues: Queue[]): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const q of queues) {
    try {
      const c = await q.getJobCounts('waiting', 'delayed', 'active');
      out[q.name] = (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0);
    } catch {
      out[q.name] = null;
    }
  }
  return out;
}

export function opsRoutes(deps: {
  redis: RedisClient;
  queues: () => Queue[];
  metrics: Metrics;
}): OpsRoute[] {
  return [
    {
      path: '/healthz',
      handler: (_req, res) => {
        void (async () => {
          const up = await redisUp(deps.redis);
          const queues = up ? await depths(deps.queues()) : {};
          // The bot answers without Redis, so it stays "up"; "degraded" tells the operator why:
          // Redis down, or a queue's own connection not back yet (probes are refused meanwhile).
          const ok = up && Object.values(queues).every((n) => n !== null);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ status: ok ? 'ok' : 'degraded', redis: up ? 'up' : 'down', queues }),
          );
        })();
      },
    },
    {
      path: '/metrics',
      handler: (_req, res) => {
        void (async () => {
          const queues = await depths(deps.queues());
          for (const [name, n] of Object.entries(queues))
            if (n !== null) deps.metrics.queueDepth.set({ queue: name }, n);
          res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
          res.end(await deps.metrics.registry.metrics());
        })();
      },
    },
  ];
}

/** In Socket Mode there is no receiver to hang routes on: a small server of their own. */
export async function serveOpsRoutes(
  routes: OpsRoute[],
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const route = routes.find((r) => req.method === 'GET' && req.url?.split('?')[0] === r.path);
    if (route) return route.handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
