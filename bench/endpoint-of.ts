/** A broker URL given to a bench, read as brokers.yml would read it. */
import { BrokerEndpoint, parseBrokerUrl } from '../src/probe/endpoint';

export function endpointOf(url: string): BrokerEndpoint {
  const parsed = parseBrokerUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.endpoint;
}
