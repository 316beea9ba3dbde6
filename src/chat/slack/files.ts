/**
 * Reads text snippets and .log/.txt files shared in a channel: long logs arrive that way.
 * Downloads with the bot token, size-capped, and only from Slack's own file hosts, so the token
 * is never sent anywhere else.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log';

export interface SharedFile {
  id: string;
  name?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

export interface FileReadOptions {
  client: webApi.WebClient;
  token: string;
  maxBytes: number;
  /** Origins the token may be sent to: files.slack.com, and the configured API URL's. */
  allowedOrigins: string[];
  logger: Logger;
  /** The whole download, body included (default FILE_DOWNLOAD_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface FilesText {
  text: string;
  truncated: boolean;
}

const TEXT_TYPES = new Set([
  'text',
  'log',
  'txt',
  'plain',
  'json',
  'yaml',
  'yml',
  'xml',
  'csv',
  'shell',
  'python',
  'javascript',
  'java',
  'c',
  'cpp',
  'go',
  'rust',
  'markdown',
  'ini',
  'diff',
]);

export function isTextFile(f: SharedFile): boolean {
  return (
    (f.mimetype ?? '').startsWith('text/') ||
    TEXT_TYPES.has((f.filetype ?? '').toLowerCase()) ||
    /\.(log|txt|out|err|json|ya?ml|conf|cfg|ini)$/i.test(f.name ?? '')
  );
}

/** A shared file is read within this many ms, or skipped. */
export const FILE_DOWNLOAD_TIMEOUT_MS = 15_000;

async function download(
  url: string,
  opts: FileReadOptions,
): Promise<{ text: string; truncated: boolean }> {
  // The whole download, body included, has a deadline: a server trickling one byte a second
  // must not hold the listener.
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${opts.token}` },
    redirect: 'error',
    signal: AbortSignal.timeout(opts.timeoutMs ?? FILE_DOWNLOAD_TIMEOUT_MS),
  });
  if (!res.ok || !res.body) throw new Error(`download answered HTTP ${res.status}`);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= opts.maxBytes) {
      truncated = size > opts.maxBytes;
      await reader.cancel();
      break;
    }
  }
  const bytes = Buffer.concat(chunks).subarray(0, opts.maxBytes);
  return { text: new TextDecoder('utf-8').decode(bytes), truncated };
}

export async function readSharedFiles(
  files: SharedFile[],
  opts: FileReadOptions,
): Promise<FilesText> {
  const parts: string[] = [];
  let truncated = false;
  for (const file of files.slice(0, 5)) {
    let f = file;
    try {
      if (!f.url_private && !f.url_private_download) {
        const info = await opts.client.files.info({ file: f.id });
        f = { ...f, ...(info.file as SharedFile) };
      }
      if (!isTextFile(f)) continue;
      const url = f.url_private_download ?? f.url_private;
      if (!url) continue;
      if (!opts.allowedOrigins.includes(new URL(url).origin)) {
        opts.logger.warn(
          { file: f.id, origin: new URL(url).origin },
          'file is not on a Slack file host; not downloaded',
        );
        continue;
      }
      const got = await download(url, opts);
      parts.push(got.text);
      truncated ||= got.truncated;
    } catch (err) {
      opts.logger.warn({ file: f.id, err }, 'could not read a shared file');
    }
  }
  return { text: parts.join('\n'), truncated };
}
