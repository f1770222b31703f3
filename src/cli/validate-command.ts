import * as path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_FAILURE, EXIT_OK } from './errors';
import type { CommandState } from './main';
import { type Output, processOutput } from './output';
import type { Finding } from '../validation/field-error';
// Light modules only (constants, no imports of their own): everything else loads in the action.
import { PROFILES, REPORTING_MODES, type PortRange, type Profile, type ReportingMode } from '../validation/options';

/** Rules of the node port allocation step, whose failure hides the validation errors (as in the API server). */
const NODE_PORT_ALLOCATION_RULES: ReadonlySet<string> = new Set(['k8s/node-port-range', 'k8s/node-port-allocated', 'k8s/health-check-node-port-range']);

/** Report formats of `appsvc validate -o`. */
export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The options of `appsvc validate`, parsed. */
export interface ValidateCommandOptions {
  /** Report format on stdout. */
  readonly output: OutputFormat;
  /** Which rules apply. */
  readonly profile: Profile;
  /**
   * The cluster's node port range.
   * @default - the API server's default, 30000-32767
   */
  readonly nodePortRange?: PortRange;
  /** Warnings fail the run too. */
  readonly strict: boolean;
  /**
   * What is reported where the API server stops at its first failure.
   * @default 'default'
   */
  readonly reporting?: ReportingMode;
}

/**
 * Parses `--node-port-range` (`30000-32767`): two port numbers, the first not above the second.
 * Throws commander's `InvalidArgumentError` (a usage error, exit 2) otherwise.
 */
export function parseNodePortRange(value: string): PortRange {
  const m = /^\s*([0-9]{1,5})\s*-\s*([0-9]{1,5})\s*$/.exec(value);
  const min = m === null ? Number.NaN : Number(m[1]);
  const max = m === null ? Number.NaN : Number(m[2]);
  if (!(min >= 1 && max <= 65535 && min <= max)) {
    throw new InvalidArgumentError(`expected MIN-MAX with 1 <= MIN <= MAX <= 65535, e.g. 30000-32767; got ${JSON.stringify(value)}`);
  }
  return { min, max };
}

const HELP = `
Reads every Kubernetes object of the inputs (multi-document YAML, JSON, List kinds) as kubectl
reads them, checks each v1 Service against the rules a Kubernetes 1.28 API server applies on
create, and runs the cross-object checks (selectors, target ports) over all objects together.
Every object gets a result; only v1 Services are checked against the API server rules.

Inputs: files (any extension), directories (searched recursively for .yaml, .yml and .json, in
sorted order), and - for standard input. A file with no object in it (empty, or only comments
and ---) is an error, as is a directory without manifests. YAML is read as kubectl reads it
(YAML 1.1 scalars: yes/no/on/off are booleans, 0755 is octal); duplicate keys are errors; tags
other than the standard ones (!foo) are read as plain strings and never run anything.

Output: the report goes to stdout (text: one line per finding, json: one document, sarif: SARIF
2.1.0 for code scanning); input that cannot be read is reported on stderr as one line naming the
file (and in the json and sarif reports as a result with an error); a summary goes to stderr.

Exit status: 0 no finding of severity error, 1 at least one (or an input that cannot be read;
with --strict, warnings too), 2 usage error.

Examples:
  $ appsvc validate service.yaml
  $ appsvc validate manifests/ dist/
  $ kustomize build overlays/prod | appsvc validate -
  $ appsvc validate -o json dist/ | jq '.results[] | select(.errors != [])'
  $ appsvc validate --profile cce --node-port-range 30000-32767 --strict dist/
  $ appsvc validate --errors server svc.yaml           # exactly the API server's answer
  $ appsvc validate -o sarif dist/ > appsvc.sarif      # upload to GitHub code scanning`;

/** Registers `appsvc validate`. */
export function registerValidateCommand(program: Command, state: CommandState): void {
  program
    .command('validate')
    .description('check Kubernetes manifests against the rules of a Kubernetes 1.28 API server')
    .argument('<inputs...>', 'files, directories, or - for standard input')
    .addOption(new Option('-o, --output <format>', 'report format').choices(OUTPUT_FORMATS).default('text'))
    .addOption(new Option('--profile <profile>', 'rule set: plain Kubernetes, or Kubernetes plus Huawei Cloud CCE limits').choices(PROFILES).default('kubernetes'))
    .option('--node-port-range <min-max>', "the cluster's --service-node-port-range (default: 30000-32767)", parseNodePortRange)
    .option('--strict', 'fail on warnings too', false)
    .addOption(
      new Option('--errors <mode>', 'where the API server stops at its first failure: default (as the server, but cluster IP errors never hide others), server (exactly its answer), all (every failure)')
        .choices(REPORTING_MODES)
        .default('default'),
    )
    .addHelpText('after', HELP)
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      state.exitCode = await runValidateCommand(inputs, toOptions(opts), processOutput(program.opts()['debug'] === true));
    });
}

function toOptions(opts: Record<string, unknown>): ValidateCommandOptions {
  const output = OUTPUT_FORMATS.find((f) => f === opts['output']) ?? 'text';
  const profile = PROFILES.find((p) => p === opts['profile']) ?? 'kubernetes';
  const range = opts['nodePortRange'];
  const nodePortRange = typeof range === 'object' && range !== null ? (range as PortRange) : undefined;
  const reporting = REPORTING_MODES.find((m) => m === opts['errors']) ?? 'default';
  return { output, profile, strict: opts['strict'] === true, reporting, ...(nodePortRange === undefined ? {} : { nodePortRange }) };
}

/**
 * Runs `appsvc validate` over `inputs`: reads them, validates every object, writes the report to
 * stdout and diagnostics to stderr, and returns the exit status (0 or 1).
 */
export async function runValidateCommand(inputs: readonly string[], options: ValidateCommandOptions, out: Output): Promise<number> {
  // Loaded here, not at the top, so that `appsvc --help` and other commands stay fast, and so that
  // nothing on this path loads cdk8s.
  const [{ readInputs }, { MANIFEST_RULES }, report, { validateManifest, SERVICE_RULES }, lint] = await Promise.all([
    import('../manifest/read'),
    import('../manifest/problems'),
    import('../report'),
    import('../validation'),
    import('../lint'),
  ]);
  const sources = await readInputs(inputs, { onSkip: (file, note) => out.info(`${file}: ${note}`) });
  const validateOptions = {
    profile: options.profile,
    reporting: options.reporting ?? 'default',
    ...(options.nodePortRange === undefined ? {} : { nodePortRange: options.nodePortRange }),
  };
  // Where node port allocation fails, the server (and the default mode) hides the validation
  // errors; count them so the summary can say so.
  let hidden = 0;
  const validate = (object: unknown): Finding[] => {
    const findings = validateManifest(object, validateOptions);
    if (validateOptions.reporting === 'default' && findings.some((f) => f.rule !== undefined && NODE_PORT_ALLOCATION_RULES.has(f.rule))) {
      const shown = new Set(findings.map((f) => f.message));
      hidden += validateManifest(object, { ...validateOptions, reporting: 'all' }).filter((f) => f.severity === 'error' && !shown.has(f.message)).length;
    }
    return findings;
  };
  const run = report.buildRun(
    sources,
    validate,
    // Cross-object checks over every object of the run.
    (objects) => lint.lintManifests(objects, { strict: options.strict }),
    { strict: options.strict },
  );
  switch (options.output) {
    case 'json':
      out.data(report.renderJson(run));
      break;
    case 'sarif': {
      const ruleDescriptions = new Map<string, string>([...MANIFEST_RULES, ...SERVICE_RULES, ...lint.LINT_RULES].map((r) => [r.id, r.description]));
      out.data(report.renderSarif(run, { toolVersion: toolVersion(), ruleDescriptions }));
      break;
    }
    default:
      out.data(report.renderText(run));
  }
  for (const line of report.renderProblems(run)) out.error(line);
  out.info(report.renderSummary(run));
  if (hidden > 0) {
    out.info(`${hidden} more error${hidden === 1 ? ' is' : 's are'} hidden behind a nodePort that cannot be allocated, as the API server hides them; --errors all shows them`);
  }
  return report.runOk(run) ? EXIT_OK : EXIT_FAILURE;
}

/** The version in appsvc's package.json (found from both src/cli and lib/src/cli). */
function toolVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const pkg: unknown = require(path.join(__dirname, relative));
      if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'appsvc' && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}
