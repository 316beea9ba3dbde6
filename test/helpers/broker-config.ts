/** A configured broker for tests, as brokers.yml would give it: local, MQTT 3.1.1, no secrets. */
import { BrokerConfig } from '../../src/probe/brokers';

export function brokerConfig(
  name: string,
  port: number,
  extra: Partial<BrokerConfig> = {},
): BrokerConfig {
  return {
    name,
    url: `mqtt://127.0.0.1:${port}`,
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
