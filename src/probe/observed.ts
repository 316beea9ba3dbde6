/**
 * What a failed probe step observed, and the KB entries that explain that observation, ranked.
 * The probe knows exactly what it saw (a refused TCP connect, a certificate error code, an HTTP
 * status on the WebSocket upgrade, a CONNACK code), so most failures map directly; only texts it
 * did not foresee are handed to the matcher. Entries about client code the probe did not run
 * (a network loop not running, publishing while disconnected…) are never listed.
 */
import type { BrokerEndpoint } from './endpoint';
import type { Diagnoser, StepResult } from './types';

const ID = (name: string) => `communication/mqtt-${name}`;

/** Conditions of a client program, not of the broker or the network: a probe never shows them. */
export const CLIENT_CODE_ENTRIES = new Set(
  [
    'not-connected',
    'client-network-loop-not-running',
    'paho-callback-api-version',
    'client-inflight-limit',
    'offline-publish-lost',
    'reconnect-broken',
    'home-assistant-discovery',
  ].map(ID),
);

/**
 * Entries about what happens after a connection is up (a PUBACK, a SUBACK): a CONNACK code read
 * by the matcher can also name them (0x87 is PUBACK's too), but a refused CONNECT never is one of
 * them. (A Will's topic or payload is refused in the CONNACK: those entries stay.)
 */
const AFTER_CONNECT_ENTRIES = new Set(
  [
    'publish-denied-acl',
    'subscription-rejected',
    'qos-downgraded',
    'packet-identifier-in-use',
    'receive-maximum-exceeded',
    'topic-alias-invalid',
  ].map(ID),
);
const ANONYMOUS_ENTRY = ID('mosquitto-anonymous-disabled');

// Node's certificate verification codes (tls.TLSSocket#authorizationError, OpenSSL X509_V_ERR_*).
const CERT_CODES: Record<string, string[]> = {
  CERT_HAS_EXPIRED: ['tls-certificate-expired'],
  CERT_NOT_YET_VALID: ['tls-certificate-not-yet-valid', 'tls-certificate-expired'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['tls-hostname-mismatch'],
  CERT_REVOKED: ['tls-certificate-verify-failed'],
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/**
 * The entries that explain a failed step, best first; null when the observation is not one the
 * probe knows how to read (then the matcher reads the step's evidence line).
 */
export function explainObservation(step: StepResult, endpoint: BrokerEndpoint): string[] | null {
  const code = step.details.code ?? null;
  const text = `${step.summary} ${step.details.evidence ?? ''}`.toLowerCase();
  const tlsUrl = endpoint.scheme === 'mqtts' || endpoint.scheme === 'wss';
  const ws = endpoint.scheme === 'ws' || endpoint.scheme === 'wss';
  const ids = (...names: string[]) => names.map(ID);
  switch (step.name) {
    case 'dns':
      return step.details.refused === 'address-policy' ? [] : ids('dns-resolution-failed');
    case 'tcp':
      if (code === 'ECONNREFUSED') return ids('tcp-connection-refused');
      if (code && TIMEOUT_CODES.has(code)) return ids('connect-timeout');
      if (code === 'ECONNRESET') return ids('tcp-connection-refused', 'proxy-load-balancer');
      return ids('connect-timeout', 'tcp-connection-refused');
    case 'tls': {
      const verification = step.details.verification ?? null;
      if (verification)
        return ids(...(CERT_CODES[verification] ?? ['tls-certificate-verify-failed']));
      if (
        /wrong version number|packet length too long|http request|unknown protocol|before secure tls connection/.test(
          text,
        )
      )
        return ids('tls-port-mismatch');
      if (
        /certificate required|peer did not return a certificate|alert handshake failure|bad certificate/.test(
          text,
        )
      )
        return ids('tls-client-certificate-required', 'tls-version-mismatch');
      if (
        /unsupported protocol|no protocols available|version too low|no shared cipher|wrong ssl version/.test(
          text,
        )
      )
        return ids('tls-version-mismatch');
      if (/timed out/.test(text)) return ids('connect-timeout', 'tls-port-mismatch');
      return null;
    }
    case 'connect':
    case 'auth': {
      if (step.details.reasonCode !== undefined) return null; // a CONNACK code: the KB's code tables say
      // Another protocol answered: a web port is the WebSocket entry's case; for the rest (NATS,
      // AMQP, a database) the step's own summary says which port to use, and no entry is about it.
      if (step.details.speaks !== undefined)
        return step.details.speaks === 'HTTP' ? ids('websocket-handshake-failed') : [];
      if (ws) {
        // Over WebSocket anything before CONNACK is the upgrade or its framing failing first.
        const status = /unexpected server response: (\d{3})/.exec(text)?.[1];
        if (!/connack timeout/.test(text))
          return ids(
            'websocket-handshake-failed',
            ...(status === '502' || status === '503' ? ['proxy-load-balancer'] : []),
          );
      }
      if (/connack timeout|never answered connect/.test(text))
        return ids('connect-timeout', ...(tlsUrl ? [] : ['tls-port-mismatch']));
      if (step.details.speaksTls === true) return ids('tls-port-mismatch');
      if (code === 'ECONNRESET' || /closed by the broker before connack/.test(text)) {
        // A plain CONNECT to a TLS listener is cut the same way as one over a broker's limit.
        const tlsPort = !tlsUrl && (endpoint.port === 8883 || endpoint.port === 443);
        return tlsPort
          ? ids('tls-port-mismatch', 'server-busy-connection-limit')
          : ids('server-busy-connection-limit', 'aws-iot-policy-disconnect', 'tls-port-mismatch');
      }
      if (code && TIMEOUT_CODES.has(code)) return ids('connect-timeout');
      return null;
    }
    case 'roundtrip': {
      if (step.details.timedOut === 'SUBACK' || step.details.timedOut === 'PUBACK')
        return ids('operation-timeout');
      if (/suback/.test(text)) return ids('subscription-rejected');
      // A broker that closes the connection instead of answering a refusal.
      if (/closed|reset|ended/.test(text))
        return step.details.phase === 'subscribe'
          ? ids('subscription-rejected', 'aws-iot-policy-disconnect')
          : ids('publish-denied-acl', 'aws-iot-policy-disconnect', 'packet-too-large');
      if (/never delivered|nothing came back/.test(text))
        return ids('publish-denied-acl', 'subscriber-receives-nothing');
      return null;
    }
    default:
      return null;
  }
}

/** The diagnosis of a failed step: what it observed, else the matcher's reading of its evidence. */
export function diagnoseStep(
  step: StepResult,
  endpoint: BrokerEndpoint,
  matcher: Diagnoser,
): string[] {
  if (step.ok || step.kbIds.length > 0) return step.kbIds;
  const ranked = observedOrRead(step, endpoint, matcher);
  const refusedConnect = step.name === 'connect' || step.name === 'auth';
  return (
    ranked
      .filter((id) => !CLIENT_CODE_ENTRIES.has(id))
      .filter((id) => !refusedConnect || !AFTER_CONNECT_ENTRIES.has(id))
      // Credentials were sent: the broker's refusal of anonymous clients is not what this is.
      .filter((id) => step.name !== 'auth' || id !== ANONYMOUS_ENTRY)
      .slice(0, 3)
  );
}

/** The entries the observation names, else the matcher's reading of the step's evidence. */
function observedOrRead(step: StepResult, endpoint: BrokerEndpoint, matcher: Diagnoser): string[] {
  const explained = explainObservation(step, endpoint);
  // An observation that no entry is about (another protocol on the port) is not read again.
  if (explained?.length === 0) return [];
  // Only entries this KB has (another KB may name them differently): else the matcher reads it.
  const observed = explained?.filter((id) => matcher.knows?.(id) ?? true) ?? [];
  if (observed.length > 0) return observed;
  const evidence = step.details.evidence ?? null;
  return evidence ? matcher(evidence) : [];
}
