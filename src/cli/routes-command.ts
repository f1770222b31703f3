import { Option, type Command } from 'commander';
import { UserError } from './errors';
import type { CommandState } from './main';
import { processOutput } from './output';
import { rethrowFailure } from './synth-command';

/** Formats of `appsvc routes -o` (kept here so registering the command loads nothing else). */
const FORMATS = ['table', 'json', 'mermaid', 'dot'] as const;

const HELP = `
For every port of every v1 Service, shows the workloads whose pods the selector matches (on the
pod template's labels and on those the control plane adds: statefulset.kubernetes.io/pod-name,
apps.kubernetes.io/pod-index, job-name…) and the container port the targetPort reaches, named
ports resolved to numbers as the endpoints controller resolves them. Problems are marked: a
selector that matches no pods, a named targetPort no container declares, a numeric one none
declares, a selector on a generated label (pod-template-hash…), a Service without selector.

Reads manifests (files, directories, - for standard input); --file adds the Services the spec
file compiles to. The workloads come from the manifests.

Formats (-o): table (default), json (one document: {"ok", "routes": [...]}), mermaid (a
flowchart GitHub renders in Markdown, pull requests and job summaries), dot (Graphviz).
Exit status: 0 (problems are shown, not failed on; use -o json and "ok" to fail a CI step),
1 unreadable input or a spec that does not compile, 2 usage error.

Examples:
  $ appsvc routes k8s/
  $ appsvc routes deploy/ --file appsvc.yaml -o mermaid >> "$GITHUB_STEP_SUMMARY"
  $ helm template my-release chart/ | appsvc routes - -o dot | dot -Tsvg > routes.svg`;

/** Registers `appsvc routes`. */
export function registerRoutesCommand(program: Command, state: CommandState): void {
  program
    .command('routes')
    .description('show where each Service port sends traffic: workload, container and port')
    .argument('[inputs...]', 'manifest files, directories, or - for standard input')
    .option('-f, --file <path>', "add the spec file's Services")
    .addOption(new Option('-o, --output <format>', 'output format').choices(FORMATS).default('table'))
    .addHelpText('after', HELP)
    .action(async (inputs: string[], opts: { file?: string; output: string }, cmd: Command) => {
      const out = processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
      if (inputs.length === 0 && opts.file === undefined) throw new UserError('nothing to show: name manifest files, directories or - (standard input), and/or a spec file with --file', 2);
      const [{ runRoutes, RoutesInputError }, { renderRoutes, ROUTE_FORMATS }] = await Promise.all([import('../routes/run'), import('../routes/render')]);
      try {
        const routes = await runRoutes({ inputs, ...(opts.file !== undefined ? { specFile: opts.file } : {}) });
        const format = ROUTE_FORMATS.find((f) => f === opts.output) ?? 'table';
        out.data(renderRoutes(routes, format));
        const services = new Set(routes.map((r) => `${r.service.namespace}/${r.service.name}`)).size;
        const problems = routes.filter((r) => r.problems.length > 0 || r.targets.some((t) => t.problems.length > 0)).length;
        out.info(`${services} service${services === 1 ? '' : 's'}, ${routes.length} port${routes.length === 1 ? '' : 's'}${problems > 0 ? `, ${problems} with problems` : ''}`);
        state.exitCode = 0;
      } catch (err: unknown) {
        if (err instanceof RoutesInputError) {
          // As `appsvc validate` prints them: location, severity, rule id, what is wrong.
          for (const l of err.lines) out.info(l);
          throw new UserError('no routes shown: the input cannot be read (see above)');
        }
        rethrowFailure(err, out);
      }
    });
}
