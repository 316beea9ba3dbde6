/** `mqtt-why feedback export`: the "Wrong entry?" picks as JSONL, to improve the KB with real pastes. */
import { readRedisConfig } from '../config';
import { redactSecrets } from '../core/redact';
import { AnswerStore } from '../state/answers';
import { connectRedis } from '../state/redis';
import { CliIo, EXIT, ExitCode, write } from './io';

export async function feedbackExportCommand(io: CliIo): Promise<ExitCode> {
  const config = readRedisConfig();
  if (!config.ok) {
    for (const p of config.problems) write(io.stderr, `mqtt-why: ${p}`);
    return EXIT.usage;
  }
  const handle = connectRedis(config.config.redisUrl, () => undefined);
  try {
    await handle.redis.ping().catch(async () => {
      // One retry after the connection had a moment to come up.
      await new Promise((r) => setTimeout(r, 500));
      return handle.redis.ping();
    });
    const labels = await new AnswerStore({
      redis: handle.redis,
      prefix: config.config.redisPrefix,
    }).labels();
    if (!labels.ok) throw new Error(labels.detail);
    for (const l of labels.value)
      io.stdout.write(
        // Stored redacted; redacted again on the way out (idempotent), for records an older
        // redactor wrote.
        `${JSON.stringify({ text: redactSecrets(l.text), expect: l.label, answered: l.answered, team: l.team, at: l.at })}\n`,
      );
    write(io.stderr, `${labels.value.length} labelled example(s)`);
    return labels.value.length > 0 ? EXIT.answered : EXIT.nothing;
  } catch (err) {
    write(
      io.stderr,
      `mqtt-why: cannot read feedback from Redis (REDIS_URL): ${(err as Error).message}`,
    );
    return EXIT.usage;
  } finally {
    await handle.close();
  }
}
