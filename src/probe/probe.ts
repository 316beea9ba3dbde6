/**
 * Runs the probe steps in order, stopping at the first failure that makes the rest meaningless,
 * and maps every failure to the KB entries that explain it through the injected diagnoser (the
 * matcher, reading the failure's evidence line as it would read a user's paste).
 */
import { MqttClient } from 'mqtt';
import { withDeadline } from '../common/deadline';
import { CLOSE_GRACE_MS, closeSession } from './mqtt-session';
import { dnsStep, speaksTls, tcpStep } from './steps/network';
import { portProtocol } from './steps/port-protocol';
import {
  connectStepResult,
  connectWith,
  probeClientId,
  roundtripStep,
  takeoverStep,
} from './steps/mqtt-steps';
import { TlsFiles, readTlsFiles, tlsStep } from './steps/tls';
import { deliveryStep } from './steps/delivery-steps';
import { AddressRule, addressAllowed, classifyAddress } from './address-policy';
import { BrokerEndpoint, endpointDisplay, isTls } from './endpoint';
import { diagnoseStep } from './observed';
import {
  DELIVERY_STEP_NAMES,
  ProbeOptions,
  ProbeResult,
  ProbeTarget,
  StepName,
  StepOf,
  StepResult,
  failedStep,
  type Diagnoser,
} from './types';

export type { Diagnoser } from './types';

/**
 * The deadline of a whole probe: every wait already has its own (`timeoutMs`), so this is a
 * backstop for a wait nobody thought of. The worst honest case is DNS, TCP, TLS, CONNECT twice
 * (MQTT 5, then 3.1.1), the same for the credentials, five waits of the round trip and three of
 * the takeover check, plus the closing grace; and each delivery check its own deadline.
 */
export const overallDeadlineMs = (timeoutMs: number, deliveryChecks = 0): number =>
  timeoutMs * 14 + 2 * CLOSE_GRACE_MS + deliveryChecks * deliveryDeadlineMs(timeoutMs);

/**
 * One delivery check: at most about eight network waits when the broker answers slowly but
 * within each wait's deadline (a silent broker ends a check at its first wait), plus closing.
 */
export const deliveryDeadlineMs = (timeoutMs: number): number => timeoutMs * 8 + 2 * CLOSE_GRACE_MS;

/**
 * Probes `target` step by step (DNS, TCP, TLS, CONNECT, credentials, round trip, takeover) and
 * resolves with every step's result; a broker fault is a failed step, and a probe that overruns
 * its deadline ends with a failed step saying so. Never rejects for a broker's behaviour.
 */
export async function runProbe(
  target: ProbeTarget,
  opts: ProbeOptions,
  diagnose: Diagnoser,
): Promise<ProbeResult> {
  const startedAt = new Date().toISOString();
  const endpoint = target.endpoint;
  const display = endpointDisplay(endpoint);
  const steps: StepResult[] = [];
  const open = new Set<MqttClient>();
  let abandoned = false;
  let current: StepName = 'dns';
  const wanted = (s: StepName) => !opts.steps || opts.steps.includes(s);
  // Delivery checks run when asked for: `delivery`, or named in `steps` (a health check's list).
  const delivery = DELIVERY_STEP_NAMES.filter((s) =>
    opts.steps ? opts.steps.includes(s) : opts.delivery === true,
  );
  const record = async (step: StepResult): Promise<void> => {
    if (abandoned) return;
    steps.push(step);
    // Progress is for people watching; a reporting hiccup must not change the probe's outcome.
    await Promise.resolve(
      opts.onStep?.({
        ok: steps.every((x) => x.ok),
        target: { name: target.name, url: display },
        startedAt,
        steps: [...steps],
        diagnosis: [],
      }),
    ).catch(() => undefined);
  };
  const finish = (): ProbeResult => {
    // Each failure is explained by what the probe observed (never by client-code entries).
    for (const s of steps) if (!s.ok) s.kbIds = diagnoseStep(s, endpoint, diagnose);
    const diagnosis = [...new Set(steps.filter((s) => !s.ok).flatMap((s) => s.kbIds))];
    return {
      ok: steps.every((s) => s.ok),
      target: { name: target.name, url: display },
      startedAt,
      steps,
      diagnosis,
    };
  };
  const runSteps = async (): Promise<ProbeResult> => {
    current = 'dns';
    const dns = await dnsStep(endpoint.host, opts.timeoutMs);
    // DNS is asked once: every later step connects to the address checked here (no rebinding).
    const address = dns.ok ? chooseAddress(dns, target.addresses) : null;
    if (dns.ok && address === null) {
      dns.ok = false;
      dns.summary = `${endpoint.host} resolves to ${addressesOf(dns).join(', ')}: ${addressesOf(dns).map(classifyAddress).join(', ')}, which probes from chat may not reach (an admin can list the host or its range in allow_hosts)`;
      dns.details = { ...dns.details, refused: 'address-policy' };
    }
    await record(dns);
    if (!dns.ok || address === null) return finish();
    if (!wanted('tcp')) return finish();

    current = 'tcp';
    const tcp = await tcpStep(
      { address, port: endpoint.port, host: endpoint.host },
      opts.timeoutMs,
    );
    await record(tcp);
    if (!tcp.ok) return finish();

    let files: TlsFiles = {};
    if (isTls(endpoint)) {
      try {
        files = readTlsFiles(target.tls);
      } catch (err) {
        await record(failedStep('tls', 0, `cannot read a TLS file: ${(err as Error).message}`, {}));
        return finish();
      }
      if (wanted('tls')) {
        current = 'tls';
        const tls = await tlsStep(
          { address, port: endpoint.port, host: endpoint.host, hostKind: endpoint.hostKind },
          files,
          target.tls.insecure,
          opts.timeoutMs,
        );
        await record(tls);
        if (!tls.ok) return finish();
      }
    }
    if (!wanted('connect')) return finish();

    current = 'connect';
    const username = target.username;
    const password = target.password;
    const hasCredentials = username !== null || password !== null;
    const base = {
      endpoint,
      address,
      tls: { ...files, insecure: target.tls.insecure },
      timeoutMs: opts.timeoutMs,
    };
    try {
      const anon = await connectWith(
        { ...base, clientId: probeClientId(target.clientIdPrefix), username: null, password: null },
        target.protocol,
      );
      const connectStep = connectStepResult('connect', anon, hasCredentials);
      // A plain CONNECT cut before CONNACK: is this a TLS port? (Then the URL wants mqtts://.)
      if (
        !connectStep.ok &&
        connectStep.details.code === 'ECONNRESET' &&
        endpoint.scheme === 'mqtt'
      )
        connectStep.details.speaksTls = await speaksTls(
          { address, port: endpoint.port, host: endpoint.host },
          opts.timeoutMs,
        );
      if (connectStep.details.speaksTls === true)
        connectStep.summary += ' — this port speaks TLS: the URL wants mqtts://';
      else if (answeredNotMqtt(connectStep, endpoint)) {
        const other = await portProtocol(
          { address, port: endpoint.port, host: endpoint.host },
          opts.timeoutMs,
        );
        if (other) {
          connectStep.details.speaks = other.name;
          connectStep.summary = `this port speaks ${other.name}, not MQTT: ${other.hint}`;
        }
      }
      await record(connectStep);
      if (anon.session.ok) open.add(anon.session.client);
      let session = anon.session;
      let protocolVersion = anon.protocolVersion;
      if (hasCredentials && wanted('auth')) {
        if (!anon.session.ok && anon.session.reasonCode === null) return finish();
        current = 'auth';
        // A broker that refused MQTT 5 already said so: ask with the version that works.
        const auth = await connectWith(
          { ...base, clientId: probeClientId(target.clientIdPrefix), username, password },
          anon.mqtt5Refused !== null && target.protocol === 'auto' ? '3.1.1' : target.protocol,
        );
        if (anon.mqtt5Refused !== null && target.protocol === 'auto')
          auth.mqtt5Refused = anon.mqtt5Refused;
        const authStep = connectStepResult('auth', auth, true);
        // A broker that lets anyone in accepts any credentials: say so rather than vouch for them.
        if (authStep.ok && anon.session.ok)
          authStep.summary +=
            ' — the broker also accepts anonymous clients, so this does not show it checks them';
        await record(authStep);
        if (auth.session.ok) open.add(auth.session.client);
        session = auth.session;
        protocolVersion = auth.protocolVersion;
      }
      if (!session.ok || !steps.every((s) => s.ok)) return finish();
      current = 'roundtrip';
      if (wanted('roundtrip'))
        await record(await roundtripStep(session.client, target.topic, opts.timeoutMs));
      current = 'takeover';
      if (opts.takeover)
        await record(
          await takeoverStep(
            { ...base, username, password, protocolVersion },
            probeClientId(target.clientIdPrefix),
          ),
        );
      if (delivery.length > 0 && steps.every((s) => s.ok)) {
        const request = {
          session: { ...base, username, password, protocolVersion },
          baseTopic: target.topic,
          clientIdPrefix: target.clientIdPrefix,
          open,
        };
        for (const name of delivery) {
          current = name;
          const limit = deliveryDeadlineMs(opts.timeoutMs);
          const done = await withDeadline(deliveryStep(name, request), limit);
          await record(
            done.ok
              ? done.value
              : failedStep(name, limit, `the ${name} check did not finish within ${limit} ms`, {
                  timedOut: name,
                }),
          );
        }
      }
      return finish();
    } finally {
      const all = [...open];
      open.clear();
      await Promise.all(all.map((c) => closeSession(c).catch(() => undefined)));
    }
  };
  const deadlineMs = opts.deadlineMs ?? overallDeadlineMs(opts.timeoutMs, delivery.length);
  const outcome = await withDeadline(runSteps(), deadlineMs);
  if (outcome.ok) return outcome.value;
  // Overran: stop listening to the run still in flight and cut its connections.
  abandoned = true;
  for (const c of open) c.end(true);
  steps.push(
    failedStep(
      current,
      deadlineMs,
      `the probe did not finish within ${deadlineMs} ms (stuck at ${current})`,
      {
        timedOut: current,
        evidence: `mqtt probe timed out at ${current}: no answer from the broker`,
      },
    ),
  );
  return finish();
}

function addressesOf(dns: StepOf<'dns'>): string[] {
  return dns.details.addresses ?? [];
}

/** The first address DNS gave that the target's rule admits, or null. */
function chooseAddress(dns: StepOf<'dns'>, rule: AddressRule): string | null {
  return addressesOf(dns).find((a) => addressAllowed(a, rule)) ?? null;
}

/**
 * A plain CONNECT answered with something that is not a CONNACK: bytes MQTT.js could not parse,
 * or the connection closed. A silent port (a CONNACK timeout) is not asked again: it would only
 * be silent twice as long.
 */
function answeredNotMqtt(step: StepOf<'connect' | 'auth'>, endpoint: BrokerEndpoint): boolean {
  return (
    !step.ok &&
    endpoint.scheme === 'mqtt' &&
    step.details.reasonCode === undefined &&
    step.details.mqtt311 !== 'answered' &&
    !/connack timeout/.test(step.details.evidence ?? '')
  );
}
