/** `mqtt-why feedback export`: the "Wrong entry?" picks as JSONL, to improve the KB with real pastes. */
import { readRedisConfig } from '../config';
import { redactSecrets } from '../common/redact';
import { AnswerStore } from '../state/answers';
import { REDIS_STARTUP_WAIT_MS, connectRedis } from '../state/redis';
import { redisAddressOf, redisProblem, redisProblemText } from '../state/redis-problem';
import { CliIo, EXIT, ExitCode, write } from './io';

export async function feedbackExportCommand(io: CliIo): Promise<ExitCode> {
  const config = readRedisConfig();
  if (!config.ok) {
    for (const p of config.problems) write(io.stderr, `mqtt-why feedback export: ${p}`);
    return EXIT.usage;
  }
  const { redisUrl, redisPrefix } = config.config;
  // The first connection error is the answer: a one-shot command does not wait out retries.
  let failed: (err: Error) => void = () => undefined;
  const firstError = new Promise<Error>((resolve) => (failed = resolve));
  const handle = connectRedis(redisUrl, (err) => failed(err));
  try {
    const ready = await Promise.race([handle.ready(REDIS_STARTUP_WAIT_MS), firstError]);
    if (ready !== true) {
      const problem = redisProblem(redisUrl, ready === false ? null : ready, REDIS_STARTUP_WAIT_MS);
      write(io.stderr, `mqtt-why feedback export: ${redisProblemText(problem)}`);
      return EXIT.usage;
    }
    const labels = await new AnswerStore({ redis: handle.redis, prefix: redisPrefix }).labels();
    if (!labels.ok) {
      const problem = redisProblem(redisUrl, new Error(labels.message), REDIS_STARTUP_WAIT_MS);
      write(
        io.stderr,
        `mqtt-why feedback export: ${redisProblemText(problem, 'read feedback from Redis')}`,
      );
      return EXIT.usage;
    }
    for (const l of labels.value)
      io.stdout.write(
        // Stored redacted; redacted again on the way out (idempotent), for records an older
        // redactor wrote.
        `${JSON.stringify({ text: redactSecrets(l.text), expect: l.label, answered: l.answered, team: l.team, at: l.at })}\n`,
      );
    write(
      io.stderr,
      labels.value.length > 0
        ? `${labels.value.length} labelled example(s)`
        : `0 labelled examples under REDIS_PREFIX "${redisPrefix}" at ${redisAddressOf(redisUrl)}: they come from the "Wrong entry?" button in Slack; if the bot runs with another REDIS_URL or REDIS_PREFIX, set the same here`,
    );
    return labels.value.length > 0 ? EXIT.answered : EXIT.nothing;
  } finally {
    await handle.close();
  }
}
