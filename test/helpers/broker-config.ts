/** A configured broker for tests, as brokers.yml would give it: local, MQTT 3.1.1, no secrets. */
import { BrokerConfig, targetFromEndpoint } from '../../src/probe/brokers';
import { parseBrokerUrl } from '../../src/probe/endpoint';
import { endpointOf } from '../../bench/endpoint-of';

export { endpointOf };
import { ProbeTarget } from '../../src/probe/types';

/** An ad-hoc probe target for `url`, as the CLI makes one (any address allowed). */
export function urlTarget(url: string): ProbeTarget {
  const parsed = parseBrokerUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  return {
    ...targetFromEndpoint(parsed.endpoint),
    username: parsed.username,
    password: parsed.password,
  };
}

export function brokerConfig(
  name: string,
  port: number,
  extra: Partial<BrokerConfig> = {},
): BrokerConfig {
  return {
    name,
    endpoint: endpointOf(`mqtt://127.0.0.1:${port}`),
    username: null,
    password: null,
    passwordEnv: null,
    protocol: '3.1.1',
    tls: { ca: null, cert: null, key: null, insecure: false },
    topic: 'mqtt-why/probe',
    channels: [],
    health: null,
    ...extra,
  };
}

/** Health checks every minute, one failure to go down and one success to recover, no alert channel. */
export const EVERY_MINUTE: NonNullable<BrokerConfig['health']> = {
  everyMs: 60_000,
  channel: null,
  failAfter: 1,
  recoverAfter: 1,
  steps: [],
  latencyMs: null,
  certDays: 14,
};
