/**
 * Chart images into Slack with files.uploadV2 (getUploadURLExternal, the bytes, then
 * completeUploadExternal): a picture says more than a status line. A failed upload is logged
 * and never undoes the message it illustrates.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from '../../log';
import { withDeadline } from '../../common/deadline';

/** Three calls and the bytes: a Slack that stops answering cannot hold an alert's job longer. */
export const UPLOAD_DEADLINE_MS = 30_000;

export type StatusImageSource = (broker: string) => Promise<Buffer | null>;

export async function uploadStatusImage(
  client: webApi.WebClient,
  image: StatusImageSource,
  to: { broker: string; channel: string; threadTs: string | null; comment?: string },
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  try {
    const png = await image(to.broker);
    if (!png) return false;
    const filename = `${to.broker.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'broker'}-status.png`;
    const file = {
      file: png,
      filename,
      title: `${to.broker}: latency and uptime`,
      alt_text: `Latency over recent checks and uptime per day of ${to.broker}`,
      ...(to.comment ? { initial_comment: to.comment } : {}),
    };
    const sent = await withDeadline(
      client.filesUploadV2(
        to.threadTs
          ? { ...file, channel_id: to.channel, thread_ts: to.threadTs }
          : { ...file, channel_id: to.channel },
      ),
      UPLOAD_DEADLINE_MS,
    );
    if (!sent.ok) throw new Error(`no answer from Slack within ${UPLOAD_DEADLINE_MS} ms`);
    return true;
  } catch (err) {
    logger.warn(
      { broker: to.broker, channel: to.channel, reason: (err as Error).message },
      'status image not uploaded',
    );
    return false;
  }
}
