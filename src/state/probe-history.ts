/** The last probe results per broker: for "what changed since last time" and for status views. */
import { ProbeResult } from '../probe/types';
import { StateDeps, Stored, attempt } from './stored';

const KEEP = 50;

/** The last probe results per broker, for "what changed since last time". */
export class ProbeHistory {
  constructor(private readonly deps: StateDeps) {}

  private key(broker: string): string {
    return `${this.deps.prefix}probes:${broker}`;
  }

  async last(broker: string): Promise<Stored<ProbeResult | null>> {
    return attempt(async () => {
      const raw = await this.deps.redis.lindex(this.key(broker), 0);
      return raw ? (JSON.parse(raw) as ProbeResult) : null;
    });
  }

  async add(broker: string, result: ProbeResult): Promise<Stored<void>> {
    return attempt(async () => {
      await this.deps.redis
        .multi()
        .lpush(this.key(broker), JSON.stringify(result))
        .ltrim(this.key(broker), 0, KEEP - 1)
        .exec();
    });
  }
}
