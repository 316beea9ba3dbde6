/** Reads brokers.yml from disk: absent at the default path means "no brokers configured". */
import { promises as fs } from 'fs';
import path from 'path';
import { BrokersResult, parseBrokersFile } from './brokers';

export async function loadBrokersFile(
  file: { path: string; explicit: boolean },
  env: Record<string, string | undefined>,
): Promise<BrokersResult> {
  let text: string;
  try {
    text = await fs.readFile(file.path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !file.explicit)
      return { ok: true, file: { brokers: [], allowHosts: [] } };
    return {
      ok: false,
      problems: [
        `${file.path}: cannot read the brokers file (BROKERS_FILE): ${(err as Error).message}`,
      ],
    };
  }
  return parseBrokersFile(text, path.relative(process.cwd(), file.path) || file.path, env);
}
