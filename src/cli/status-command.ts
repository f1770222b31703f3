import { Option, type Command } from 'commander';
import { UserError } from './errors';
import type { CommandState } from './main';
import { colorAllowed, processOutput } from './output';
import { DEFAULT_SPEC_FILE_NAME, rethrowFailure } from './synth-command';

const HELP = `
Compares the Services of the spec file with the cluster, through kubectl: whether each exists, its
type, cluster IP, load-balancer address (<pending> until the cloud gives one), ready endpoints per
port (from the Service's EndpointSlices) and drift: fields whose live value differs from what the
spec compiles to, after the API server's defaulting (allocated cluster IPs and node ports aside).

Once: kubectl get services,endpointslices -o json. With --watch: kubectl get services and kubectl
get endpointslices, each with --watch --output-watch-events -o json, until Ctrl-C. On a terminal
the table is redrawn in place; otherwise one line is printed per Service whose status changed (no
colour when NO_COLOR is set or the output is not a terminal). -o json prints one document
({"ok", "services": [...]}), with --watch one JSON object per line per change.

Exit status: 0 shown (also when Services are missing or drifted: see "ok" in -o json), or the
watch ended by Ctrl-C; 1 no cluster reachable, kubectl failed or a watching kubectl ended, or the
spec is invalid; 2 usage error.

Examples:
  $ appsvc status
  $ appsvc status api --namespace shop --context prod-eu
  $ appsvc status --watch
  $ appsvc status --watch -o json | jq -c 'select(.healthy | not)'`;

/** Registers `appsvc status`. */
export function registerStatusCommand(program: Command, state: CommandState): void {
  program
    .command('status')
    .description("compare the spec's Services with the cluster: existence, addresses, ready endpoints, drift")
    .argument('[name]', 'only this Service')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME)
    .option('-n, --namespace <namespace>', 'only Services in this namespace')
    .option('-w, --watch', 'keep watching and show every change')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--context <name>', 'the kubeconfig context (default: the current context)')
    .option('--kubectl <path>', 'the kubectl binary (default: $KUBECTL, else kubectl on the PATH)')
    .addHelpText('after', HELP)
    .action(async (name: string | undefined, opts: { file: string; namespace?: string; watch?: boolean; output: string; context?: string; kubectl?: string }, cmd: Command) => {
      const out = processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
      const [{ loadSpecFile }, { compileSpec }, { resolveKubectl }, run, render] = await Promise.all([
        import('../spec/load'),
        import('../spec/compile'),
        import('../kubectl/runner'),
        import('../status/run'),
        import('../status/render'),
      ]);
      try {
        const compiled = compileSpec(await loadSpecFile(opts.file));
        const seen = new Set<number>();
        const desired = compiled.services
          .filter((s) => (seen.has(s.index) ? false : (seen.add(s.index), true)))
          .map((s) => s.manifest)
          .filter((m) => {
            const meta = m['metadata'] as Record<string, unknown>;
            return (name === undefined || meta['name'] === name) && (opts.namespace === undefined || meta['namespace'] === opts.namespace);
          });
        if (desired.length === 0) {
          throw new UserError(
            name !== undefined
              ? `${opts.file}: no service ${JSON.stringify(name)}${opts.namespace !== undefined ? ` in namespace ${JSON.stringify(opts.namespace)}` : ''} (see \`appsvc service list\`)`
              : `${opts.file}: no services${opts.namespace !== undefined ? ` in namespace ${JSON.stringify(opts.namespace)}` : ''}`,
          );
        }
        const namespaces = new Set(desired.map((m) => String((m['metadata'] as Record<string, unknown>)['namespace'])));
        const target = {
          kubectl: resolveKubectl(opts.kubectl),
          ...(opts.context !== undefined ? { context: opts.context } : {}),
          ...(namespaces.size === 1 ? { namespace: [...namespaces][0] as string } : {}),
        };
        const live = await run.snapshot(target);
        const json = opts.output === 'json';
        const paint = !json && colorAllowed(process.stdout) ? render.ANSI : render.PLAIN;
        let current = run.statuses(desired, live);
        if (opts.watch !== true) {
          out.data(json ? render.renderJsonDocument(current) : render.renderTable(current, paint));
          state.exitCode = 0;
          return;
        }

        const tty = !json && process.stdout.isTTY === true && process.env['TERM'] !== 'dumb';
        let drawnLines = 0;
        const draw = (): void => {
          const table = render.renderTable(current, paint);
          // Move to the start of the previous table and clear it, then draw the new one.
          const clear = drawnLines > 0 ? `\u001b[${drawnLines}A\r\u001b[J` : '';
          process.stdout.write(clear + table);
          drawnLines = table.split('\n').length - 1;
        };
        const lineOf = (s: (typeof current)[number]): string => (json ? JSON.stringify(render.statusJson(s)) : render.renderLine(s, paint));
        let shown = current.map(lineOf);
        if (tty) draw();
        else out.data(shown.map((l) => `${l}\n`).join(''));

        const watch = run.startWatch(target, live, () => {
          current = run.statuses(desired, live);
          if (tty) {
            draw();
            return;
          }
          const next = current.map(lineOf);
          const changed = next.filter((l, i) => l !== shown[i]);
          shown = next;
          if (changed.length > 0) out.data(changed.map((l) => `${l}\n`).join(''));
        });
        const end = await watch.done;
        if (end.kind === 'kubectl-ended') throw new UserError(end.message);
        state.exitCode = 0;
      } catch (err: unknown) {
        if (err instanceof run.StatusError) throw new UserError(err.message);
        rethrowFailure(err, out);
      }
    });
}
