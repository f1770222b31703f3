import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeManifestText, formatSize } from './decode-text';
import { MAX_MANIFEST_BYTES } from './limits';
import { type ManifestProblem, manifestProblem } from './problems';

/** The argument that stands for standard input. */
export const STDIN_ARG = '-';

/** File name extensions read from a directory (the ones `kubectl apply -f DIR` reads). */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** One input: a file's text, or why it could not be read. */
export type InputSource =
  | {
      /** The file as given on the command line, or joined from a directory argument; `-` for stdin. */
      readonly file: string;
      readonly text: string;
    }
  | {
      readonly file: string;
      readonly problem: ManifestProblem;
    };

/** Options of {@link readInputs}. */
export interface ReadOptions {
  /**
   * Where `-` reads from.
   * @default process.stdin
   */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /**
   * Largest input accepted, in bytes.
   * @default MAX_MANIFEST_BYTES (64 MiB)
   */
  readonly maxBytes?: number;
  /**
   * Called for each file of a directory that is skipped because it holds no object (it is empty,
   * or holds only comments and document markers), as `kubectl apply -f DIR` skips it; `note` is one
   * sentence, e.g. `skipped: no Kubernetes objects (empty or only comments)`.
   * @default - such files are skipped silently
   */
  readonly onSkip?: (file: string, note: string) => void;
}

/**
 * Reads the inputs named on the command line, in order: `-` is standard input (read once, however
 * often it is named), a directory is searched recursively for `.yaml`, `.yml` and `.json` files
 * (entries of each directory in code-unit order of their names, directories descended into where
 * they sort, as `kubectl apply -R -f` walks; symbolic links followed, each real directory once), any
 * other argument is a file, whatever its extension.
 *
 * Never throws for a bad input: a missing file, an unreadable or empty directory, a file too large
 * or not UTF-8 text becomes an input with a problem, named by its path.
 *
 * A file of a directory that holds no object (empty, or only comments, blank lines and `---`/`...`
 * markers) is skipped (see {@link ReadOptions.onSkip}), as kubectl skips it; when every file of a
 * directory is skipped, the directory is a `manifest/no-objects` problem, as kubectl says "no objects
 * passed". A file named on the command line is never skipped.
 */
export async function readInputs(args: readonly string[], options: ReadOptions = {}): Promise<InputSource[]> {
  const maxBytes = options.maxBytes ?? MAX_MANIFEST_BYTES;
  const sources: InputSource[] = [];
  let stdin: InputSource | undefined;
  for (const arg of args) {
    if (arg === STDIN_ARG) {
      stdin ??= await readStdin(options.stdin ?? process.stdin, maxBytes);
      sources.push(stdin);
      continue;
    }
    let stat;
    try {
      stat = await fs.stat(arg);
    } catch (err: unknown) {
      sources.push({ file: arg, problem: manifestProblem('manifest/unreadable', describeFsError(err, 'cannot read')) });
      continue;
    }
    if (stat.isDirectory()) {
      let skipped = 0;
      const found = await readDirectory(arg, maxBytes, (file) => {
        skipped++;
        options.onSkip?.(file, SKIP_NOTE);
      });
      if (found.length === 0 && skipped > 0) {
        sources.push({ file: arg, problem: manifestProblem('manifest/no-objects', 'no Kubernetes objects in the directory (its files are empty or hold only comments and ---)') });
      } else if (found.length === 0) {
        sources.push({ file: arg, problem: manifestProblem('manifest/no-manifests', `no ${MANIFEST_EXTENSIONS.join(', ')} files in the directory`) });
      }
      sources.push(...found);
    } else if (stat.isFile()) {
      sources.push(await readFile(arg, stat.size, maxBytes));
    } else {
      // A pipe or device (`<(kustomize build)`, /dev/stdin): its size is unknown, so read it with a cap.
      sources.push(await readStream(arg, createReadStream(arg), maxBytes));
    }
  }
  return sources;
}

async function readFile(file: string, size: number, maxBytes: number): Promise<InputSource> {
  if (size > maxBytes) {
    return { file, problem: manifestProblem('manifest/too-large', `file is too large: ${formatSize(size)} (the limit is ${formatSize(maxBytes)})`) };
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err: unknown) {
    return { file, problem: manifestProblem('manifest/unreadable', describeFsError(err, 'cannot read')) };
  }
  const decoded = decodeManifestText(bytes, maxBytes);
  return decoded.ok ? { file, text: decoded.text } : { file, problem: decoded.problem };
}

async function readStdin(stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<InputSource> {
  return readStream(STDIN_ARG, stream, maxBytes);
}

async function readStream(file: string, stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<InputSource> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      total += buf.length;
      if (total > maxBytes) {
        if ('destroy' in stream && typeof stream.destroy === 'function') (stream as { destroy(): void }).destroy();
        return { file, problem: manifestProblem('manifest/too-large', `input is too large: more than ${formatSize(maxBytes)}`) };
      }
      chunks.push(buf);
    }
  } catch (err: unknown) {
    return { file, problem: manifestProblem('manifest/unreadable', describeFsError(err, file === STDIN_ARG ? 'cannot read standard input' : 'cannot read')) };
  }
  const decoded = decodeManifestText(Buffer.concat(chunks), maxBytes);
  return decoded.ok ? { file, text: decoded.text } : { file, problem: decoded.problem };
}

/** `dir` + `name`, keeping `dir` exactly as given. */
function joinAsGiven(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

const SKIP_NOTE = 'skipped: no Kubernetes objects (the file is empty or holds only comments and ---)';

/** Lines that hold no YAML content: blank, a comment, or a document marker with an optional comment. */
const CONTENTLESS_LINE = /^(?:[ \t]*(?:#.*)?|(?:---|\.\.\.)(?:[ \t]+(?:#.*)?)?)\r?$/;

/**
 * True when `text` holds nothing but blank lines, comments and document markers. Stops at the first
 * line with content. (`--- # note` is a marker with a comment; `--- x` has content.)
 */
export function holdsNoContent(text: string): boolean {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (!CONTENTLESS_LINE.test(line)) return false;
    start = end + 1;
  }
  return true;
}

async function readDirectory(root: string, maxBytes: number, skip: (file: string) => void): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    let names: string[];
    try {
      real = await fs.realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      names = (await fs.readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (err: unknown) {
      sources.push({ file: dir, problem: manifestProblem('manifest/unreadable', describeFsError(err, 'cannot read directory')) });
      return;
    }
    for (const name of names) {
      const full = joinAsGiven(dir, name);
      let stat;
      try {
        stat = await fs.stat(full);
      } catch (err: unknown) {
        if (hasManifestExtension(name)) sources.push({ file: full, problem: manifestProblem('manifest/unreadable', describeFsError(err, 'cannot read')) });
        continue;
      }
      if (stat.isDirectory()) {
        await walk(full);
      } else if (stat.isFile() && hasManifestExtension(name)) {
        const source = await readFile(full, stat.size, maxBytes);
        if ('text' in source && holdsNoContent(source.text)) skip(full);
        else sources.push(source);
      }
    }
  };
  await walk(root);
  return sources;
}

function hasManifestExtension(name: string): boolean {
  return (MANIFEST_EXTENSIONS as readonly string[]).includes(path.extname(name));
}

/** A one-line reason for a file system error: `no such file or directory`, `permission denied`… */
function describeFsError(err: unknown, action: string): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return `${action}: permission denied`;
    case 'ENOTDIR':
      return 'not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `${action}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
