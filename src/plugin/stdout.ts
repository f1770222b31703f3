/**
 * cdk8s-cli 2.207 prints its validation progress and reports with `console.log`, so with
 * `cdk8s synth --stdout` they land on stdout together with (before, in practice) the manifests.
 * When the plugin runs in such a process it sends `console.log` to stderr, so that stdout carries
 * only YAML and `cdk8s synth --stdout | kubectl apply -f -` stays usable.
 */

let rerouted = false;

/** True when the arguments and environment are those of `cdk8s synth` writing manifests to stdout. */
export function isSynthToStdout(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  const args = argv.slice(2);
  if (!args.includes('synth') && !args.includes('synthesize')) return false;
  if (args.includes('--no-stdout') || args.includes('--stdout=false')) return false;
  return args.includes('--stdout') || args.includes('--stdout=true') || args.includes('-p') || env['CDK8S_STDOUT'] === 'true';
}

/** Sends this process's `console.log` output to stderr from now on (once). */
export function keepStdoutForManifests(): void {
  if (rerouted) return;
  rerouted = true;
  console.log = (...args: unknown[]): void => {
    console.error(...args);
  };
}
