/**
 * What a text and each of its lines say about their context, for the matcher's decisions: each
 * fact costs a regex over the words, so it is worked out once and only when a decision asks.
 */
import { reportsProblem } from './abstain';
import {
  announcesChange,
  hasMqttContext,
  hasOtherSystemContext,
  reportsInstallFailure,
} from './context';

/**
 * What the whole text says, for the abstain decision; its costly regexes run only when the
 * decision asks. A class, not an object literal with getters: closures made per match can be
 * kept alive by the engine's inline caches for many matches, and with them the whole text.
 */
export class TextFacts {
  mqttText = false;
  otherText = false;
  gatedOnly = 0;
  bare = false;
  private problemSeen: boolean | undefined;
  private installSeen: boolean | undefined;
  private changeSeen: boolean | undefined;

  constructor(private readonly norm: string) {}

  get problem(): boolean {
    return (this.problemSeen ??= reportsProblem(this.norm));
  }

  get installFailure(): boolean {
    return (this.installSeen ??= reportsInstallFailure(this.norm));
  }

  get changeNote(): boolean {
    return (this.changeSeen ??= announcesChange(this.norm));
  }
}

/** What one line's words say about its context, each worked out once and only when asked. */
export class LineFacts {
  private norm = '';
  private context: boolean | undefined;
  private other: boolean | undefined;
  private mqtt: boolean | undefined;

  constructor(private readonly mqttText: boolean) {}

  /** Starts on another line: what was worked out for the last one is forgotten. */
  readLine(norm: string): void {
    this.norm = norm;
    this.context = this.other = this.mqtt = undefined;
  }

  /** The line names MQTT things itself. */
  namesMqtt(): boolean {
    return (this.mqtt ??= hasMqttContext(this.norm));
  }

  /** The line names another system whose errors share words with MQTT's. */
  namesOtherSystem(): boolean {
    return (this.other ??= hasOtherSystemContext(this.norm));
  }

  /** The line is about MQTT: it or the text names MQTT things, and it names no other system. */
  inContext(): boolean {
    return (this.context ??= (this.mqttText || this.namesMqtt()) && !this.namesOtherSystem());
  }
}
