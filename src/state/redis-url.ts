/**
 * `REDIS_URL` in its three shapes: one server (`redis://`, `rediss://`, as ioredis reads them),
 * a Sentinel-managed primary and a Redis Cluster. Sentinel and Cluster need several hosts, which
 * no standard URL holds, so they use a comma-separated host list:
 *
 *   redis+sentinel://[user:password@]host:26379[,host:26379…]/<primary name>[/<db>][?sentinelPassword=…]
 *   redis+cluster://[user:password@]host:6379[,host:6379…]
 *
 * (`rediss+sentinel://` and `rediss+cluster://` for TLS). Credentials are percent-decoded.
 */
export interface HostPort {
  host: string;
  port: number;
}

interface Auth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTarget =
  | { kind: 'single'; url: string }
  | (Auth & {
      kind: 'sentinel';
      sentinels: HostPort[];
      /** The primary's name as the sentinels know it (`sentinel monitor <name> …`). */
      name: string;
      db: number;
      sentinelUsername?: string;
      sentinelPassword?: string;
    })
  | (Auth & { kind: 'cluster'; nodes: HostPort[] });

export type ParsedRedisUrl = { ok: true; target: RedisTarget } | { ok: false; message: string };

const SHAPES =
  'redis://host:6379, rediss://user:password@host:6380/0, redis+sentinel://host:26379,host2:26379/mymaster or redis+cluster://host:6379,host2:6379';
const MULTI =
  /^(rediss?)\+(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?(.*))?$/;

export function parseRedisUrl(url: string): ParsedRedisUrl {
  try {
    return parse(url);
  } catch {
    // decodeURIComponent on a malformed %-escape in the credentials
    return {
      ok: false,
      message: `REDIS_URL="${shown(url)}" has a malformed %-escape in its user name or password: write % as %25`,
    };
  }
}

function parse(url: string): ParsedRedisUrl {
  if (/\s/.test(url) || url === '') return bad(url);
  if (/^rediss?:\/\//.test(url)) {
    // ioredis would read a URL without a host as localhost: refuse it rather than guess.
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return bad(url);
    }
    if (host === '')
      return {
        ok: false,
        message: `REDIS_URL="${shown(url)}" names no host: e.g. REDIS_URL=redis://127.0.0.1:6379, or unset it for that default`,
      };
    return { ok: true, target: { kind: 'single', url } };
  }
  const m = MULTI.exec(url);
  if (!m) return bad(url);
  const [, scheme, kind, userinfo, hostList, path = '', query = ''] = m;
  const hosts = hostList!.split(',').map(hostPort);
  if (hosts.some((h) => h === null))
    return {
      ok: false,
      message: `REDIS_URL="${shown(url)}": its hosts must be host:port, comma-separated (${SHAPES})`,
    };
  const auth: Auth = { ...credentials(userinfo), tls: scheme === 'rediss' };
  const params = new URLSearchParams(query);
  if (kind === 'cluster') {
    if (path !== '')
      return {
        ok: false,
        message: `REDIS_URL="${shown(url)}": a Redis Cluster has no database number or name; end the URL after the hosts, e.g. redis+cluster://host:6379,host2:6379`,
      };
    return { ok: true, target: { kind: 'cluster', nodes: hosts as HostPort[], ...auth } };
  }
  const [name, db = '0', ...rest] = path.split('/').map(decodeURIComponent);
  if (!name || rest.length > 0 || !/^\d{1,2}$/.test(db))
    return {
      ok: false,
      message: `REDIS_URL: a Sentinel URL names the primary, and optionally a database: redis+sentinel://host:26379/mymaster/0`,
    };
  const sentinelUsername = params.get('sentinelUsername');
  const sentinelPassword = params.get('sentinelPassword');
  return {
    ok: true,
    target: {
      kind: 'sentinel',
      sentinels: hosts as HostPort[],
      name,
      db: Number(db),
      ...auth,
      ...(sentinelUsername ? { sentinelUsername } : {}),
      ...(sentinelPassword ? { sentinelPassword } : {}),
    },
  };
}

/**
 * The key prefix to use: in a cluster every key of a deployment must hash to one slot (BullMQ's
 * scripts and ours touch several keys at once), so the prefix becomes a hash tag.
 */
export function keyPrefixFor(target: RedisTarget, prefix: string): string {
  if (target.kind !== 'cluster' || /\{[^}]+\}/.test(prefix)) return prefix;
  return `{${prefix}}`;
}

function bad(url: string): ParsedRedisUrl {
  return {
    ok: false,
    message: `REDIS_URL="${shown(url)}" is not a Redis URL: it must look like ${SHAPES} (unset, it is redis://127.0.0.1:6379)`,
  };
}

/** A URL as given, for a message: without user name, password or query (sentinelPassword). */
function shown(url: string): string {
  const at = url.lastIndexOf('@');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const rest = (at >= 0 ? `${scheme}****@${url.slice(at + 1)}` : url).replace(/\?.*$/s, '');
  return rest.length > 200 ? `${rest.slice(0, 200)}…` : rest;
}

/**
 * Where a target points, for messages and logs: scheme://host:port (every host of a Sentinel or
 * Cluster URL, and the primary's name), never a user name or password.
 */
export function redisAddress(target: RedisTarget): string {
  if (target.kind === 'single') {
    const u = new URL(target.url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}`;
  }
  const scheme = `${target.tls ? 'rediss' : 'redis'}+${target.kind}`;
  const hosts = (target.kind === 'sentinel' ? target.sentinels : target.nodes)
    .map((h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`)
    .join(',');
  return `${scheme}://${hosts}${target.kind === 'sentinel' ? `/${target.name}` : ''}`;
}

function hostPort(s: string): HostPort | null {
  const m = /^(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i.exec(s.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function credentials(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const at = userinfo.indexOf(':');
  const username = decodeURIComponent(at < 0 ? userinfo : userinfo.slice(0, at));
  const password = at < 0 ? '' : decodeURIComponent(userinfo.slice(at + 1));
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}
