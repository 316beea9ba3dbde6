/** Reads a broker URL into what the probe steps need; credentials in a URL are split off. */

export interface ParsedBrokerUrl {
  scheme: 'mqtt' | 'mqtts' | 'ws' | 'wss';
  host: string;
  port: number;
  path: string;
  tls: boolean;
  /** user:password written into the URL, taken out so it is never shown. */
  username: string | null;
  password: string | null;
  /** The URL without credentials, safe to show. */
  display: string;
}

const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 } as const;

export type UrlResult = { ok: true; url: ParsedBrokerUrl } | { ok: false; message: string };

export function parseBrokerUrl(raw: string): UrlResult {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      message: `"${raw.replace(/:[^@/]*@/, ':****@')}" is not a URL: expected mqtt://host:1883, mqtts://host:8883, ws://host/mqtt or wss://host/mqtt`,
    };
  }
  const scheme = u.protocol
    .replace(/:$/, '')
    .replace(/^tcp$/, 'mqtt')
    .replace(/^ssl$|^tls$/, 'mqtts');
  if (!(scheme in DEFAULT_PORTS))
    return {
      ok: false,
      message: `scheme "${u.protocol}" is not one of mqtt://, mqtts://, ws://, wss://`,
    };
  const s = scheme as keyof typeof DEFAULT_PORTS;
  if (!u.hostname) return { ok: false, message: 'the URL has no host' };
  const port = u.port ? Number(u.port) : DEFAULT_PORTS[s];
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const path = s === 'ws' || s === 'wss' ? u.pathname || '/mqtt' : '';
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    ok: true,
    url: {
      scheme: s,
      host,
      port,
      path,
      tls: s === 'mqtts' || s === 'wss',
      username: u.username ? decodeURIComponent(u.username) : null,
      password: u.password ? decodeURIComponent(u.password) : null,
      display: `${s}://${hostPart}:${port}${path === '/' ? '' : path}`,
    },
  };
}
