/**
 * What an answer was about, kept for its buttons: the matched entries (for "Other matches" and
 * "Wrong entry?") and the redacted text (for labelled examples). Buttons carry only the answer id.
 */
import { randomUUID } from 'crypto';
import { StateDeps, Stored, attempt } from './stored';

export interface AnswerRecord {
  team: string;
  channel: string;
  /** The thread the answer lives in, for probe results. */
  threadTs: string | null;
  /** The text that was triaged, secrets removed, shortened. */
  text: string;
  /** Ranked entry ids, best first. */
  matches: string[];
}

export interface LabelledExample {
  text: string;
  /** The entry the user says is right. */
  label: string;
  /** What the bot answered first. */
  answered: string | null;
  team: string;
  at: string;
}

const MAX_LABELS = 10_000;

/** Answers the bot gave (redacted, shortened, for ANSWER_TTL_DAYS) and the labelled examples users pick. */
export class AnswerStore {
  constructor(
    private readonly deps: StateDeps,
    /** ANSWER_TTL_DAYS: after this an answer's buttons say it is too old. */
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  newId(): string {
    return randomUUID();
  }

  async save(id: string, record: AnswerRecord): Promise<Stored<void>> {
    return attempt(async () => {
      await this.deps.redis.set(
        `${this.deps.prefix}answer:${id}`,
        JSON.stringify(record),
        'EX',
        this.ttlSeconds,
      );
    });
  }

  async get(id: string): Promise<Stored<AnswerRecord | null>> {
    return attempt(async () => {
      const raw = await this.deps.redis.get(`${this.deps.prefix}answer:${id}`);
      return raw ? (JSON.parse(raw) as AnswerRecord) : null;
    });
  }

  /**
   * Keeps a user's correction as a labelled example (the newest 10,000), once per user and
   * answer: false when this user's pick for this answer is kept already (a click repeated 10,000
   * times must not push everyone else's labels out).
   */
  async addLabel(
    example: LabelledExample,
    by: { answerId: string; user: string },
  ): Promise<Stored<boolean>> {
    const key = `${this.deps.prefix}labels`;
    return attempt(async () => {
      const first = await this.deps.redis.set(
        `${this.deps.prefix}labelled:${by.answerId}:${by.user}`,
        '1',
        'EX',
        this.ttlSeconds,
        'NX',
      );
      if (first === null) return false;
      await this.deps.redis
        .multi()
        .rpush(key, JSON.stringify(example))
        .ltrim(key, -MAX_LABELS, -1)
        .exec();
      return true;
    });
  }

  async labels(): Promise<Stored<LabelledExample[]>> {
    return attempt(async () =>
      (await this.deps.redis.lrange(`${this.deps.prefix}labels`, 0, -1)).map(
        (l) => JSON.parse(l) as LabelledExample,
      ),
    );
  }
}
