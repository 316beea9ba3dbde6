/**
 * The constant and enum names the KB lists as signals (`MQTT_ERR_CONN_LOST`, `notAuthorized`,
 * `MqttUnauthorizedException`), found by the letters and digits of the name alone: typed by
 * hand they come with spaces, in any case, or with their code ("mqtt err conn lost (7)").
 */
import { PreparedLine } from './normalise';
import { Evidence } from './result';

export interface ConstantName {
  entryIndex: number;
  /** The name as the KB writes it. */
  phrase: string;
  weak: boolean;
  /** Found as the member part of a dotted name (`Type.member`), not as the whole phrase. */
  member?: true;
}

// SCREAMING_SNAKE with two parts or more, camelCase and PascalCase with three words or more.
const CONSTANT =
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[a-z]+(?:[A-Z][a-z0-9]+){2,}$|^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*){2,}$/;
// Shorter run-together names collide with ordinary words.
const MIN_KEY = 8;
// A code written after the name: "(7)", "= -4", ": 0x87", "rc 5". No nested repetition: a
// typed line is short, but no input may make this regex backtrack without bound.
const TRAILING_CODE = /[\s:=(,]*(?:rc|code)?\s*-?(?:0x[0-9a-f]+|\d+)\)?\s*$/;

// Above any phrase found in running text: the whole input is this name.
const TYPED_NAME_WEIGHT = 2;

const keyOf = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The names a signal phrase can be typed as: itself, and an enum member or class member written
 * after its type (`MqttConnectReturnCode.unacceptedProtocolVersion`, `ConnectReturnCode::NotAuthorized`),
 * which people type on its own.
 */
function namesIn(phrase: string): string[] {
  const member = /^[A-Za-z][A-Za-z0-9]*(?:(?:\.|::)[A-Za-z][A-Za-z0-9_]*)+$/.test(phrase)
    ? phrase.split(/\.|::/).pop()!
    : null;
  return [phrase, ...(member ? [member] : [])].filter((n) => CONSTANT.test(n));
}

export class ConstantNames {
  private readonly byKey = new Map<string, ConstantName[]>();

  /** From the KB's signal phrases, each with its entry (the matcher's list of them). */
  constructor(signals: readonly ConstantName[]) {
    for (const { entryIndex, phrase, weak } of signals)
      for (const name of namesIn(phrase)) {
        const key = keyOf(name);
        if (key.length < MIN_KEY) continue;
        const list = this.byKey.get(key) ?? [];
        if (!list.some((c) => c.entryIndex === entryIndex))
          list.push({ entryIndex, phrase, weak, ...(name !== phrase ? { member: true } : {}) });
        this.byKey.set(key, list);
      }
  }

  /** Evidence, per entry, that a line typed alone spells out one of the names. */
  evidence(line: PreparedLine): [number, Evidence][] {
    return this.find(line.norm).map((c) => [
      c.entryIndex,
      {
        kind: 'phrase',
        line: line.n,
        text: line.text,
        matched: c.phrase,
        why: `spells out the name ${c.phrase}`,
        weight: TYPED_NAME_WEIGHT * (c.weak ? 0.4 : 1),
        ...(c.weak ? { caveat: 'weak' as const } : {}),
      },
    ]);
  }

  /**
   * The names that a line typed alone spells out, with or without a code after it; a name the KB
   * lists as it is typed comes before the same name as another type's member.
   */
  find(typed: string): readonly ConstantName[] {
    const found =
      this.byKey.get(keyOf(typed)) ?? this.byKey.get(keyOf(typed.replace(TRAILING_CODE, ''))) ?? [];
    const whole = found.filter((c) => !c.member);
    return whole.length > 0 ? whole : found;
  }
}
