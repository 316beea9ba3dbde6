/**
 * Why a file or directory could not be read, in words a person acts on: the cause, and the next
 * step that fixes it (issue 15: every message says what failed, with what, and what to do).
 */

export interface FileProblem {
  /** What is wrong with the path, e.g. "/etc/x.yml does not exist". */
  cause: string;
  /** What to do about it; callers may add their own (which variable to change). */
  fix: string;
}

/** Reads a Node fs error (ENOENT, EACCES, EISDIR…) for `path`, which is a `kind`. */
export function fileProblem(err: unknown, path: string, kind: 'file' | 'directory'): FileProblem {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return { cause: `${path} does not exist`, fix: `check the path, or create the ${kind}` };
    case 'EACCES':
    case 'EPERM':
      return {
        cause: `permission denied reading ${path} (${code})`,
        fix: `make it readable by the user running mqtt-why (e.g. chmod a+r${kind === 'directory' ? 'x' : ''} ${path})`,
      };
    case 'EISDIR':
      return {
        cause: `${path} is a directory, not a file`,
        fix: 'give the path of the file itself',
      };
    case 'ENOTDIR':
      return kind === 'directory'
        ? { cause: `${path} is a file, not a directory`, fix: 'give the path of the directory' }
        : { cause: `a part of ${path} is a file, not a directory`, fix: 'check the path' };
    case 'ELOOP':
      return { cause: `${path} is a symbolic link loop`, fix: 'fix the link' };
    default:
      return {
        cause: `cannot read ${path}: ${(err as Error | null)?.message ?? String(err)}`,
        fix: `check that the ${kind} is there and readable`,
      };
  }
}
