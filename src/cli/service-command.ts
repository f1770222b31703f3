import { Command, InvalidArgumentError, Option } from 'commander';
import { IP_FAMILIES, IP_FAMILY_POLICIES, SERVICE_TYPES, SESSION_AFFINITIES, TRAFFIC_DISTRIBUTIONS, TRAFFIC_POLICIES } from '../constructs/service-values';
import { SERVICE_FIELDS, type ServiceEntry } from '../spec/model';
import { UsageError } from './errors';
import type { CommandState } from './main';
import { processOutput, type Output } from './output';
import { DEFAULT_SPEC_FILE_NAME, rethrowFailure } from './synth-command';

/** How a spec field is set from the command line. */
interface FieldFlag {
  /** The spec field. */
  readonly key: Exclude<keyof ServiceEntry, 'name' | 'namespace'>;
  /** The flag, as commander declares it. */
  readonly flags: string;
  readonly description: string;
  readonly parse: 'string' | 'list' | 'map' | 'integer' | 'boolean';
  readonly choices?: readonly string[];
}

/** One flag per spec field (besides name and namespace, which upsert takes directly). */
export const FIELD_FLAGS: readonly FieldFlag[] = [
  { key: 'ports', flags: '-p, --port <spec>', description: 'a port, "PORT[:TARGETPORT][/PROTOCOL]" (repeatable; replaces the ports)', parse: 'list' },
  { key: 'selector', flags: '--selector <key=value>', description: 'a pod selector label (repeatable, or comma-separated; replaces the selector)', parse: 'map' },
  { key: 'type', flags: '-t, --type <type>', description: 'the Service type', parse: 'string', choices: SERVICE_TYPES },
  { key: 'headless', flags: '--headless', description: 'make the Service headless (clusterIP: None); --no-headless to undo', parse: 'boolean' },
  { key: 'externalName', flags: '--external-name <dns-name>', description: 'the DNS name of an ExternalName Service', parse: 'string' },
  { key: 'externalTrafficPolicy', flags: '--external-traffic-policy <policy>', description: 'for NodePort and LoadBalancer Services', parse: 'string', choices: TRAFFIC_POLICIES },
  { key: 'internalTrafficPolicy', flags: '--internal-traffic-policy <policy>', description: 'Cluster or Local', parse: 'string', choices: TRAFFIC_POLICIES },
  { key: 'trafficDistribution', flags: '--traffic-distribution <mode>', description: 'prefer endpoints close to the client (Kubernetes 1.30+)', parse: 'string', choices: TRAFFIC_DISTRIBUTIONS },
  { key: 'sessionAffinity', flags: '--session-affinity <affinity>', description: 'None or ClientIP', parse: 'string', choices: SESSION_AFFINITIES },
  { key: 'sessionAffinityTimeoutSeconds', flags: '--session-affinity-timeout <seconds>', description: 'ClientIP stickiness timeout', parse: 'integer' },
  { key: 'clusterIP', flags: '--cluster-ip <ip>', description: 'a fixed cluster IP', parse: 'string' },
  { key: 'clusterIPs', flags: '--cluster-ips <ip>', description: 'a fixed cluster IP per IP family (repeatable)', parse: 'list' },
  { key: 'externalIPs', flags: '--external-ip <ip>', description: 'an external IP (repeatable)', parse: 'list' },
  { key: 'ipFamilies', flags: '--ip-family <family>', description: 'an IP family (repeatable)', parse: 'list', choices: IP_FAMILIES },
  { key: 'ipFamilyPolicy', flags: '--ip-family-policy <policy>', description: 'the IP family policy', parse: 'string', choices: IP_FAMILY_POLICIES },
  { key: 'loadBalancerIP', flags: '--load-balancer-ip <ip>', description: 'a requested load-balancer IP (deprecated upstream)', parse: 'string' },
  { key: 'loadBalancerSourceRanges', flags: '--load-balancer-source-range <cidr>', description: 'a client CIDR allowed through the load balancer (repeatable)', parse: 'list' },
  { key: 'loadBalancerClass', flags: '--load-balancer-class <class>', description: 'the load-balancer implementation', parse: 'string' },
  { key: 'allocateLoadBalancerNodePorts', flags: '--allocate-load-balancer-node-ports', description: 'give a LoadBalancer node ports; --no-allocate-load-balancer-node-ports to refuse them', parse: 'boolean' },
  { key: 'healthCheckNodePort', flags: '--health-check-node-port <port>', description: 'the health-check node port', parse: 'integer' },
  { key: 'publishNotReadyAddresses', flags: '--publish-not-ready-addresses', description: 'publish endpoints of pods that are not ready; --no-… to undo', parse: 'boolean' },
  { key: 'labels', flags: '--label <key=value>', description: 'a label of the Service (repeatable; replaces the labels)', parse: 'map' },
  { key: 'annotations', flags: '--annotation <key=value>', description: 'an annotation of the Service (repeatable; replaces the annotations)', parse: 'map' },
  { key: 'clusters', flags: '--cluster <name>', description: 'a cluster to write the Service for (repeatable; replaces the clusters)', parse: 'list' },
];

/** The formats of `service list -o` (kubectl's, where they make sense). */
export const LIST_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
/** The formats of `service get -o`. */
export const GET_FORMATS = ['yaml', 'json', 'name'] as const;

const UNSETTABLE = SERVICE_FIELDS.map((f) => f.key).filter((k) => k !== 'name');

/** Registers `appsvc service` with `upsert`, `list`, `get` and `delete`. */
export function registerServiceCommand(program: Command, state: CommandState): void {
  const service = program
    .command('service')
    .description('edit and inspect the services of the spec file (appsvc.yaml)')
    .addHelpText(
      'after',
      `
Examples:
  $ appsvc service upsert api --port 80:8080 --selector app=api
  $ appsvc service list -o json
  $ appsvc service get api -o yaml
  $ appsvc service delete api -y`,
    );

  const upsert = service
    .command('upsert')
    .argument('<name>', 'the Service name')
    .description('create a service in the spec file, or update the fields given; the file changes only when the service does')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME)
    .option('-n, --namespace <namespace>', 'the namespace (default: the spec\'s namespace, else "default")');
  for (const f of FIELD_FLAGS) {
    const opt = new Option(f.flags, f.description);
    if (f.choices !== undefined) opt.choices([...f.choices]);
    if (f.parse === 'list') opt.argParser(collect(f.choices));
    else if (f.parse === 'map') opt.argParser(collectPairs(f.key));
    else if (f.parse === 'integer') opt.argParser(parseInteger);
    upsert.addOption(opt);
    if (f.parse === 'boolean') upsert.addOption(new Option(f.flags.replace('--', '--no-')).hideHelp());
  }
  upsert
    .addOption(new Option('--node-port <port:nodePort>', 'give port PORT the node port NODEPORT (repeatable; NodePort and LoadBalancer Services)').argParser(collectNodePorts))
    .addOption(new Option('--unset <field>', 'remove a field from the service (repeatable)').choices(UNSETTABLE).argParser(collect(UNSETTABLE)))
    .addHelpText(
      'after',
      `
Ports are "PORT[:TARGETPORT][/PROTOCOL]": 80, 80:8080, 443:https (a named container port), 53:53/UDP.
Flags replace the field they name and leave the others as they are; running the same upsert
twice leaves the file unchanged. The service is validated before the file is touched.

Examples:
  $ appsvc service upsert api --port 80:8080 --selector app=api
  $ appsvc service upsert api --namespace production --type LoadBalancer --port 443:8443/TCP --port 80:8080
  $ appsvc service upsert db --headless --port 5432 --selector app=db --cluster eu-1 --cluster us-1
  $ appsvc service upsert legacy --external-name legacy.example.com
  $ appsvc service upsert web --type NodePort --port 80:8080 --node-port 80:30080
  $ appsvc service upsert api --unset sessionAffinity`,
    )
    .action(async (name: string, opts: Record<string, unknown>, cmd: Command) => {
      const out = output(cmd);
      const ops = await import('../spec/operations');
      const set: Record<string, unknown> = {};
      for (const f of FIELD_FLAGS) if (opts[camel(f)] !== undefined) set[f.key] = opts[camel(f)];
      const file = String(opts.file);
      try {
        const result = await ops.upsertService({
          file,
          name,
          ...(typeof opts.namespace === 'string' ? { namespace: opts.namespace } : {}),
          set,
          unset: (opts.unset as (keyof ServiceEntry)[] | undefined) ?? [],
          ...(Array.isArray(opts.nodePort) ? { nodePorts: opts.nodePort as { port: number; nodePort: number }[] } : {}),
        });
        out.info(`${result.action} service ${result.entry.name} (namespace ${result.namespace}) in ${file}`);
      } catch (err: unknown) {
        rethrowFailure(err, out);
      }
      state.exitCode = 0;
    });

  service
    .command('list')
    .description('list the services of the spec file with their in-cluster addresses')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME)
    .option('-n, --namespace <namespace>', 'only services in this namespace')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
    .option('--cluster-domain <domain>', 'the cluster DNS domain', 'cluster.local')
    .addHelpText(
      'after',
      `
Examples:
  $ appsvc service list
  $ appsvc service list -o wide
  $ appsvc service list -n production -o json | jq -r '.[].dns'`,
    )
    .action(async (opts: { file: string; namespace?: string; output: string; clusterDomain: string }, cmd: Command) => {
      const out = output(cmd);
      const ops = await import('../spec/operations');
      try {
        const rows = await ops.listServices(opts.file, opts.namespace, opts.clusterDomain);
        if (opts.output === 'json') {
          out.data(`${JSON.stringify(rows, null, 2)}\n`);
        } else if (opts.output === 'yaml') {
          out.data((await import('yaml')).stringify(rows));
        } else if (opts.output === 'name') {
          out.data(rows.map((r) => `service/${r.name}\n`).join(''));
        } else if (rows.length === 0) {
          out.info(`no services in ${opts.file}${opts.namespace !== undefined ? ` in namespace ${opts.namespace}` : ''}`);
        } else {
          out.data(renderTable(rows, opts.output === 'wide'));
        }
      } catch (err: unknown) {
        rethrowFailure(err, out);
      }
    });

  service
    .command('get')
    .argument('<name>', 'the Service name')
    .description('print the manifest a service of the spec file compiles to')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME)
    .option('-n, --namespace <namespace>', 'the namespace, when the name is used in several')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...GET_FORMATS]).default('yaml'))
    .addHelpText(
      'after',
      `
Examples:
  $ appsvc service get api
  $ appsvc service get api -o json`,
    )
    .action(async (name: string, opts: { file: string; namespace?: string; output: string }, cmd: Command) => {
      const out = output(cmd);
      const ops = await import('../spec/operations');
      try {
        const manifest = await ops.getServiceManifest(opts.file, name, opts.namespace);
        if (opts.output === 'json') out.data(`${JSON.stringify(manifest, null, 2)}\n`);
        else if (opts.output === 'name') out.data(`service/${name}\n`);
        else out.data((await import('../synth/emit')).emitYaml([manifest]));
      } catch (err: unknown) {
        rethrowFailure(err, out);
      }
    });

  service
    .command('delete')
    .argument('<name>', 'the Service name')
    .description('remove a service from the spec file (asks first on a terminal)')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME)
    .option('-n, --namespace <namespace>', 'the namespace, when the name is used in several')
    .option('-y, --yes', 'do not ask for confirmation (required when not on a terminal)')
    .addHelpText(
      'after',
      `
Without a terminal, delete refuses (exit 2) unless -y is given.

Examples:
  $ appsvc service delete api
  $ appsvc service delete api -n production -y`,
    )
    .action(async (name: string, opts: { file: string; namespace?: string; yes?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const ops = await import('../spec/operations');
      let deleted: boolean;
      try {
        deleted = await ops.deleteService(opts.file, name, opts.namespace, async (entry, namespace) => {
          if (opts.yes === true) return true;
          if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
            throw new UsageError(`refusing to delete service ${JSON.stringify(entry.name)} without confirmation: not a terminal (pass -y)`);
          }
          return confirm(`delete service ${entry.name} (namespace ${namespace}) from ${opts.file}? [y/N] `);
        });
      } catch (err: unknown) {
        rethrowFailure(err, out);
      }
      if (!deleted) {
        out.info('not deleted');
        state.exitCode = 1;
        return;
      }
      out.info(`deleted service ${name} from ${opts.file}`);
    });
}

function output(cmd: Command): Output {
  return processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
}

/** The commander attribute name of a flag (`--session-affinity-timeout` → `sessionAffinityTimeout`). */
function camel(f: FieldFlag): string {
  const long = /--([a-z0-9-]+)/.exec(f.flags)?.[1] ?? f.key;
  return long.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function collect(choices?: readonly string[]): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    if (choices !== undefined && !choices.includes(value)) {
      throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    }
    return [...(previous ?? []), value];
  };
}

function collectPairs(key: string): (value: string, previous: Record<string, string> | undefined) => Record<string, string> {
  return (value, previous) => {
    const out = { ...(previous ?? {}) };
    // Selector and label values cannot contain commas; annotation values can.
    const parts = key === 'annotations' ? [value] : value.split(',');
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got ${JSON.stringify(part)}`);
      out[part.slice(0, eq)] = part.slice(eq + 1);
    }
    return out;
  };
}

function collectNodePorts(value: string, previous: { port: number; nodePort: number }[] | undefined): { port: number; nodePort: number }[] {
  const m = /^([0-9]+):([0-9]+)$/.exec(value);
  if (m === null) throw new InvalidArgumentError(`expected PORT:NODEPORT (e.g. 80:30080), got ${JSON.stringify(value)}`);
  return [...(previous ?? []), { port: Number(m[1]), nodePort: Number(m[2]) }];
}

function parseInteger(value: string): number {
  if (!/^-?[0-9]+$/.test(value)) throw new InvalidArgumentError(`expected an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function confirm(question: string): Promise<boolean> {
  const readline = await import('readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

interface Row {
  readonly name: string;
  readonly namespace: string;
  readonly type: string;
  readonly ports: readonly string[];
  readonly selector: Readonly<Record<string, string>>;
  readonly addresses: readonly string[];
  readonly clusters: readonly string[];
  readonly dns: string;
}

/**
 * Renders rows as a table with columns padded to the widest cell (no colour: stdout is data).
 * `wide` (`-o wide`) adds the DNS name and always shows the clusters.
 */
export function renderTable(rows: readonly Row[], wide = false): string {
  const withClusters = wide || rows.some((r) => r.clusters.length > 0);
  const header = ['NAME', 'NAMESPACE', 'TYPE', 'PORTS', 'SELECTOR', 'ADDRESS', ...(withClusters ? ['CLUSTERS'] : []), ...(wide ? ['DNS'] : [])];
  const cells: string[][] = [header];
  for (const r of rows) {
    const row = [r.name, r.namespace, r.type, r.ports.length > 0 ? r.ports.join(',') : '<none>', selectorCell(r.selector), r.addresses.join(',')];
    if (withClusters) row.push(r.clusters.length > 0 ? r.clusters.join(',') : '<all>');
    if (wide) row.push(r.dns);
    cells.push(row);
  }
  const widths = header.map((h) => h.length);
  for (const row of cells) {
    for (let i = 0; i < row.length; i++) if ((row[i] ?? '').length > (widths[i] ?? 0)) widths[i] = (row[i] ?? '').length;
  }
  const lines = cells.map((row) => {
    let line = '';
    for (let i = 0; i < row.length - 1; i++) {
      const v = row[i] ?? '';
      line += v + ' '.repeat((widths[i] ?? 0) + 3 - v.length);
    }
    line += row[row.length - 1] ?? '';
    // Cells hold no line breaks: only a last cell that ends in white space leaves any at the end.
    return /\s/.test(line.charAt(line.length - 1)) ? line.trimEnd() : line;
  });
  return `${lines.join('\n')}\n`;
}

/** `key=value,...`, or `<none>`. */
function selectorCell(selector: Readonly<Record<string, string>>): string {
  let cell = '';
  for (const k in selector) cell += `${cell === '' ? '' : ','}${k}=${selector[k] ?? ''}`;
  return cell === '' ? '<none>' : cell;
}
