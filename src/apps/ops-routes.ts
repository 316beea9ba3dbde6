/** /healthz (process up, Redis reachable, queue depth) and /metrics (Prometheus) for operators. */
import type { Queue } from 'bullmq';
import type { RedisClient } from '../state/redis';
import { Metrics } from '../metrics';
import { HttpRoute, RunningServer, serveHttp, withBearerToken } from './http-server';

export interface OpsRoutes {
  healthz: HttpRoute;
  metrics: HttpRoute;
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
}): OpsRoutes {
  return {
    healthz: {
      method: 'GET',
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
    metrics: {
      method: 'GET',
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
  };
}

/** Where /metrics is served: always on its own port (loopback by default), on the public one only with a token. */
export interface MetricsExposure {
  port: number;
  host: string;
  token: string | null;
}

/** The operator routes for the public port: /healthz always, /metrics only behind its token. */
export function publicOpsRoutes(routes: OpsRoutes, exposure: MetricsExposure): HttpRoute[] {
  return exposure.token
    ? [
        routes.healthz,
        { ...routes.metrics, handler: withBearerToken(exposure.token, routes.metrics.handler) },
      ]
    : [routes.healthz];
}

/**
 * The private operator server (/healthz and /metrics, no token): bound to loopback unless the
 * operator says otherwise. A port already taken is logged, not fatal: triage goes on.
 */
export async function serveOpsRoutes(
  routes: OpsRoutes,
  exposure: Pick<MetricsExposure, 'port' | 'host'>,
  onError: (err: Error) => void,
): Promise<RunningServer | null> {
  try {
    return await serveHttp({
      port: exposure.port,
      host: exposure.host,
      routes: [routes.healthz, routes.metrics],
    });
  } catch (err) {
    onError(err as Error);
    return null;
  }
}
