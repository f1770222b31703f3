/**
 * What a new spec file starts with, wherever it is created (`appsvc service upsert`, `appsvc
 * import`): a header, and an `id` that names the spec on the cluster.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { labelValueFrom } from './load';

/** The comment line every new spec file gets, after the `$schema` line when there is one. */
export const NEW_SPEC_COMMENT = '# Services compiled into Kubernetes manifests by `appsvc synth`. Edit by hand or with `appsvc service upsert`.';

/** The schema's place inside an installed appsvc package. */
const SCHEMA_IN_PACKAGE = ['schema', 'appsvc.schema.json'] as const;

/** Hex digits of randomness in a new spec id (32 bits: two specs share one by accident with odds of one in four billion). */
const ID_RANDOM_BYTES = 4;

/** The start of a new spec file. */
export interface NewSpecStart {
  /** Comment lines, without a trailing newline. */
  readonly header: string;
  /** The `id` written into the file. */
  readonly id: string;
  /** The `kubernetesVersion` written into the file, when the command that creates it was given one. */
  readonly kubernetesVersion?: string;
}

/** The start of a new spec file at `file`: its header, a fresh id, and the Kubernetes version when one is given. */
export function newSpecStart(file: string, kubernetesVersion?: string): NewSpecStart {
  const schema = schemaReference(file);
  const header = schema === undefined ? NEW_SPEC_COMMENT : `# yaml-language-server: $schema=${schema}\n${NEW_SPEC_COMMENT}`;
  return { header, id: newSpecId(file), ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }) };
}

/**
 * A new spec id: the file's stem as a label value, a dash and 8 random hex digits
 * (`appsvc-3f9c2a1b`), at most 63 characters. Written once, when the file is created; it is
 * the value of the label `appsvc.dev/spec`, so two specs named alike (`teamA/deploy/appsvc.yaml`,
 * `teamB/deploy/appsvc.yaml`) never select, and never prune, each other's Services.
 */
export function newSpecId(file: string, random: Buffer = randomBytes(ID_RANDOM_BYTES)): string {
  const suffix = random.toString('hex');
  const stem = labelValueFrom(path.basename(file).replace(/\.(ya?ml|json)$/i, '')).slice(0, 63 - suffix.length - 1).replace(/[^A-Za-z0-9]+$/, '');
  return `${stem.length > 0 ? stem : 'appsvc'}-${suffix}`;
}

/**
 * The `$schema` reference for a spec at `file`, relative to its directory, or undefined when no
 * schema can be found from there: the schema of an appsvc installed in a `node_modules` of the
 * file's directory or one above it, else the schema of this appsvc when the file lies inside its
 * package (its own repository).
 */
export function schemaReference(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  for (let d = dir, prev = ''; d !== prev; prev = d, d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', 'appsvc', ...SCHEMA_IN_PACKAGE);
    if (isFile(candidate)) return relativeReference(dir, candidate);
  }
  const own = ownPackageRoot();
  if (own !== undefined && isInside(dir, own)) {
    const candidate = path.join(own, ...SCHEMA_IN_PACKAGE);
    if (isFile(candidate)) return relativeReference(dir, candidate);
  }
  return undefined;
}

/** `./a/b` or `../a/b`, with forward slashes, as the YAML language server reads it. */
function relativeReference(from: string, to: string): string {
  const rel = path.relative(from, to).split(path.sep).join('/');
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/** The root of the appsvc package this code runs from (the first directory above it with a package.json). */
function ownPackageRoot(): string | undefined {
  for (let d = __dirname, prev = ''; d !== prev; prev = d, d = path.dirname(d)) {
    if (isFile(path.join(d, 'package.json'))) return d;
  }
  return undefined;
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
