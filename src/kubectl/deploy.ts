import * as path from 'path';
import type { CompileOptions } from '../spec/compile';
import { formatSpecWarning } from '../spec/compile-problems';
import { specSelector } from '../spec/labels';
import { synthSpec, type SynthSpecResult } from '../spec/operations';
import { applyArgs, deleteServicesArgs, diffArgs, listServicesArgs, parseServiceList, pruneSet, type ServiceRef } from './args';
import { runKubectl, unreachableMessage, type RunResult } from './runner';

/**
 * The exit status of `appsvc diff` when it could not tell whether there are differences: kubectl
 * failed (its status was above 1) or was killed by a signal, or the spec is invalid, or kubectl
 * cannot be run. `appsvc diff` exits 0 only for "no differences" and 1 only for "differences
 * found", so `appsvc diff || [ $? -eq 1 ]` fails on everything else.
 */
export const EXIT_DIFF_FAILED = 3;

/** A `diff` or `apply` that cannot run as asked (exit status 2: a usage problem). */
export class DeployUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'DeployUsageError';
  }
}

/** Where diagnostics go. */
export interface DeployOutput {
  /** A diagnostic line (stderr). */
  info(line: string): void;
  /** An error line (stderr). */
  error(line: string): void;
  /** kubectl's own stderr, to be written unchanged. */
  passthrough(text: string): void;
  /** Show kubectl's raw stderr even when it is summarised. */
  readonly debug: boolean;
}

/** Options shared by `appsvc diff` and `appsvc apply`. */
export interface DeployOptions {
  /** The spec file. */
  readonly file: string;
  /** The output directory the spec is synthesized into first. */
  readonly outdir: string;
  /** The kubectl binary. */
  readonly kubectl: string;
  /** The kubeconfig context. */
  readonly context?: string;
  /** The cluster whose directory is used besides the common one. @default - the context, when the spec names such a cluster */
  readonly cluster?: string;
  /**
   * The rules switched on and off for the synthesis, and where silenced warnings go, as for
   * `appsvc synth`. @default - every rule at its default, silenced warnings dropped
   */
  readonly rules?: Pick<CompileOptions, 'enable' | 'disable' | 'onSilenced'>;
  /**
   * Called with the number of warnings once they are shown, before anything is written or run;
   * what it throws stops the command.
   */
  readonly onSynthesized?: (warnings: number) => void;
}

/** Options of {@link runApply}. */
export interface ApplyOptions extends DeployOptions {
  /** `--dry-run=server`. */
  readonly dryRunServer?: boolean;
  /** `--dry-run=client` (kubectl's own; the apply runs client-side). */
  readonly dryRunClient?: boolean;
  /** Delete this spec's Services that the spec no longer holds. */
  readonly prune?: boolean;
}

/**
 * `appsvc diff`: synthesizes and validates the spec, then runs `kubectl diff --server-side` on
 * the output. Returns 0 (no differences), 1 (differences found) or {@link EXIT_DIFF_FAILED}
 * (kubectl failed with a status above 1, or was killed by a signal).
 */
export async function runDiff(o: DeployOptions, out: DeployOutput): Promise<number> {
  const plan = await prepare(o, out);
  if (plan.files.length === 0) {
    out.info('nothing to diff: the spec has no services for this cluster');
    return 0;
  }
  const r = await runKubectl(o.kubectl, diffArgs(plan.files, { context: o.context }));
  const code = finish(r, o, out);
  const unreachable = code !== 0 && unreachableMessage(r.stderr, o.context) !== undefined;
  return r.signal === null && !unreachable && (code === 0 || code === 1) ? code : EXIT_DIFF_FAILED;
}

/**
 * `appsvc apply`: synthesizes and validates the spec, runs `kubectl apply --server-side
 * --field-manager=appsvc` on the output, and with `prune` deletes the Services labelled with this
 * spec's name that the spec no longer holds (server-side apply has no working `--prune` of its
 * own). Returns kubectl's exit status.
 */
export async function runApply(o: ApplyOptions, out: DeployOutput): Promise<number> {
  const plan = await prepare(o, out);
  if (o.prune === true) {
    if (plan.result.loaded.spec.name === undefined && plan.result.loaded.spec.id === undefined) {
      throw new DeployUsageError(`--prune needs a spec name: add "name: <unique name>" to ${o.file}, so only this spec's Services are ever pruned`);
    }
    if (plan.cluster === undefined && plan.result.compiled.clusters.length > 0) {
      throw new DeployUsageError(`--prune needs --cluster: ${o.file} has services for clusters ${plan.result.compiled.clusters.join(', ')}, and pruning without them would delete their Services`);
    }
  }
  const change = { context: o.context, dryRunServer: o.dryRunServer === true, dryRunClient: o.dryRunClient === true };
  if (plan.files.length > 0) {
    const r = await runKubectl(o.kubectl, applyArgs(plan.files, change));
    const code = finish(r, o, out);
    if (code !== 0) return code;
  } else if (o.prune !== true) {
    out.info('nothing to apply: the spec has no services for this cluster');
    return 0;
  }
  if (o.prune !== true) return 0;

  const listed = await runKubectl(o.kubectl, listServicesArgs(specSelector(plan.result.loaded.specId), { context: o.context }), { captureStdout: true });
  if (listed.code !== 0) return finish(listed, o, out);
  if (listed.stderr.length > 0) out.passthrough(listed.stderr);
  const doomed = pruneSet(parseServiceList(listed.stdout), plan.desired);
  if (doomed.size === 0) {
    out.info('prune: no Services to remove');
    return 0;
  }
  for (const [namespace, names] of doomed) {
    const r = await runKubectl(o.kubectl, deleteServicesArgs(namespace, names, change));
    const code = finish(r, o, out);
    if (code !== 0) return code;
  }
  return 0;
}

interface Plan {
  readonly result: SynthSpecResult;
  readonly cluster: string | undefined;
  /** Output files to hand to kubectl. */
  readonly files: readonly string[];
  /** The Services those files hold. */
  readonly desired: readonly ServiceRef[];
}

async function prepare(o: DeployOptions, out: DeployOutput): Promise<Plan> {
  const result = await synthSpec(o.file, o.outdir, (line) => out.info(line), o.rules ?? {}, (compiled) => {
    // The warnings `appsvc synth` shows, in the same words, before anything is written.
    for (const w of compiled.warnings) out.info(formatSpecWarning(w));
    o.onSynthesized?.(compiled.warnings.length);
  });
  const { clusters } = result.compiled;
  let cluster = o.cluster;
  if (cluster !== undefined && !clusters.includes(cluster)) {
    throw new DeployUsageError(`--cluster ${JSON.stringify(cluster)}: no service in ${o.file} lists that cluster${clusters.length > 0 ? ` (clusters: ${clusters.join(', ')})` : ''}`);
  }
  if (cluster === undefined && o.context !== undefined && clusters.includes(o.context)) cluster = o.context;
  if (cluster === undefined && clusters.length > 0) {
    out.info(`note: services for clusters ${clusters.join(', ')} are left out; choose one with --cluster`);
  }
  // The common files first, then the cluster's.
  const all = [...result.compiled.files.keys()].sort();
  const keys = [...all.filter((k) => !k.includes('/')), ...all.filter((k) => cluster !== undefined && k.startsWith(`${cluster}/`))];
  const files = keys.map((k) => displayPath(path.join(result.outdir, ...k.split('/'))));
  const desired = result.compiled.services
    .filter((s) => s.cluster === undefined || s.cluster === cluster)
    .map((s) => {
      const meta = s.manifest.metadata as { name?: unknown; namespace?: unknown } | undefined;
      return { namespace: String(meta?.namespace ?? 'default'), name: String(meta?.name ?? '') };
    });
  return { result, cluster, files, desired };
}

/**
 * Shows kubectl's stderr unchanged, or one line when no cluster could be reached, and one line
 * when a signal ended kubectl; returns its status.
 */
function finish(r: RunResult, o: DeployOptions, out: DeployOutput): number {
  if (r.signal !== null) {
    if (r.stderr.length > 0) out.passthrough(r.stderr);
    out.error(`kubectl was stopped by ${r.signal} before it finished`);
    return r.code;
  }
  if (r.code !== 0) {
    const unreachable = unreachableMessage(r.stderr, o.context);
    if (unreachable !== undefined) {
      out.error(unreachable);
      if (out.debug) out.passthrough(r.stderr);
      return r.code;
    }
  }
  if (r.stderr.length > 0) out.passthrough(r.stderr);
  return r.code;
}

/** A path relative to the current directory when it is inside it, else absolute. */
function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}
