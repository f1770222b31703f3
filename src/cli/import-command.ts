import { Option, type Command } from 'commander';
import { UsageError, UserError } from './errors';
import type { CommandState } from './main';
import { processOutput } from './output';
import { DEFAULT_SPEC_FILE_NAME, rethrowFailure } from './synth-command';
import { addVersionOptions, versionChoice } from './version-flags';

const HELP = `
Reads every v1 Service of the inputs (files, directories, - for standard input: Helm or Kustomize
output, kubectl get -o yaml, plain YAML) or of the cluster (--from-cluster, through
\`kubectl get services -o json\`), validates it as \`appsvc validate\` does, and writes one spec
entry per Service into the spec file: an entry of the same name and namespace is replaced (its
"clusters" kept), others are added; comments and the rest of the file are kept.

Left out and listed on stderr: what the API server fills in (uid, resourceVersion, managedFields,
creationTimestamp, generation, status), kubectl's last-applied annotation, the labels the spec
sets itself (app.kubernetes.io/managed-by, appsvc.dev/spec), and, for Services read from a cluster
(or carrying server metadata), allocated cluster IPs, node ports (unless --keep-node-ports) and
single-stack IP families, and values equal to the server's defaults.

Every entry is compiled and compared with its input after the API server's defaulting; a Service
the spec cannot express exactly (finalizers, owner references, unknown fields) is reported per
Service, and nothing is written. Invalid input is reported with the usual findings; nothing is
written then either. With --format ts, AppService code for a cdk8s chart is printed on stdout
instead and the spec file is not touched.

The input is validated for --kubernetes-version, else for the spec file's kubernetesVersion
(1.28 when it has none); a spec file the import creates gets the version given. A field of a later
Kubernetes version (trafficDistribution from 1.30) imports only for a version that has it.

Exit status: 0 imported, 1 invalid or inexpressible input, kubectl failure, 2 usage error.

Examples:
  $ helm template argocd argo/argo-cd | appsvc import -
  $ appsvc import manifests/ --file services/appsvc.yaml
  $ appsvc import --from-cluster --namespace shop --context prod-eu
  $ appsvc import k8s/ --format ts > src/imported-services.ts`;

/** Registers `appsvc import`. */
export function registerImportCommand(program: Command, state: CommandState): void {
  const command = program.command('import');
  addVersionOptions(command, "the spec file's kubernetesVersion, else 1.28; a new spec file is created with the version given");
  command
    .description('turn existing Services (manifests or the cluster) into spec entries or AppService code')
    .argument('[inputs...]', 'files, directories, or - for standard input')
    .option('--from-cluster', 'read the Services from the cluster through kubectl')
    .option('-n, --namespace <namespace>', 'with --from-cluster: the namespace (default: the context\'s)')
    .option('-A, --all-namespaces', 'with --from-cluster: every namespace')
    .option('--context <name>', 'with --from-cluster: the kubeconfig context')
    .option('--kubectl <path>', 'the kubectl binary (default: $KUBECTL, else kubectl on the PATH)')
    .option('-f, --file <path>', 'the spec file to write', DEFAULT_SPEC_FILE_NAME)
    .addOption(new Option('--format <format>', 'spec: write entries into the spec file; ts: print AppService code').choices(['spec', 'ts']).default('spec'))
    .option('--keep-node-ports', 'keep node ports the cluster allocated')
    .addHelpText('after', HELP)
    .action(async (inputs: string[], opts: Record<string, unknown>, cmd: Command) => {
      const out = processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
      const fromCluster = opts['fromCluster'] === true;
      if (fromCluster && inputs.length > 0) throw new UsageError('give inputs or --from-cluster, not both');
      if (!fromCluster && inputs.length === 0) throw new UsageError('nothing to import: name files, directories or - (standard input), or use --from-cluster');
      if (!fromCluster && (opts['namespace'] !== undefined || opts['allNamespaces'] === true || opts['context'] !== undefined)) {
        throw new UsageError('--namespace, --all-namespaces and --context go with --from-cluster');
      }
      if (opts['namespace'] !== undefined && opts['allNamespaces'] === true) throw new UsageError('give --namespace or --all-namespaces, not both');
      const [run, { resolveKubectl }] = await Promise.all([import('../import/run'), import('../kubectl/runner')]);
      const file = String(opts['file']);
      const format = opts['format'] === 'ts' ? 'ts' : 'spec';
      const needsSpecVersion = format === 'spec' && opts['featureGates'] !== undefined && opts['kubernetesVersion'] === undefined;
      const versions = versionChoice(opts, needsSpecVersion ? await (await import('../spec/spec-version')).specFileVersion(file) : undefined);
      try {
        const result = await run.runImport({
          inputs,
          ...(fromCluster
            ? {
                cluster: {
                  kubectl: resolveKubectl(typeof opts['kubectl'] === 'string' ? opts['kubectl'] : undefined),
                  ...(typeof opts['namespace'] === 'string' ? { namespace: opts['namespace'] } : {}),
                  ...(opts['allNamespaces'] === true ? { allNamespaces: true } : {}),
                  ...(typeof opts['context'] === 'string' ? { context: opts['context'] } : {}),
                },
              }
            : {}),
          specFile: file,
          format,
          keepNodePorts: opts['keepNodePorts'] === true,
          ...versions,
        });
        for (const note of result.notes) out.warn(note);
        let dropped = 0;
        for (const o of result.outcomes) {
          out.info(`${o.action} service ${o.name} (namespace ${o.namespace})${format === 'spec' ? ` in ${file}` : ''}`);
          for (const d of o.dropped) out.info(`  dropped ${d.field} = ${d.value}: ${d.reason}`);
          dropped += o.dropped.length;
        }
        const n = result.outcomes.length;
        const others = result.otherObjects > 0 ? `; ${result.otherObjects} other object${result.otherObjects === 1 ? '' : 's'} skipped` : '';
        out.info(`imported ${n} service${n === 1 ? '' : 's'}${format === 'spec' ? ` into ${file}` : ' as TypeScript'}; ${dropped} field${dropped === 1 ? '' : 's'} dropped${others}`);
        if (result.code !== undefined) out.data(result.code);
        state.exitCode = 0;
      } catch (err: unknown) {
        if (err instanceof run.ImportError) {
          if (err.report !== '') process.stderr.write(`${err.report}\n`);
          const lines = [...err.lines];
          const last = lines.pop() ?? 'nothing was imported';
          for (const line of lines) out.error(line);
          throw new UserError(last);
        }
        rethrowFailure(err, out);
      }
    });
}
