import * as path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_FAILURE, EXIT_OK } from './errors';
import type { CommandState } from './main';
import { type Output, processOutput } from './output';
import { addVersionOptions, versionChoice, type VersionChoice } from './version-flags';
import type { Finding } from '../validation/field-error';
import type { InputSource } from '../manifest/read';
import { addRuleOptions, ruleFlags } from './rule-flags';
// Light modules only (constants, no imports of their own): everything else loads in the action.
import { PROFILES, REPORTING_MODES, type PortRange, type Profile, type ReportingMode } from '../validation/options';

/** Rules of the node port allocation step, whose failure hides the validation errors (as in the API server). */
const NODE_PORT_ALLOCATION_RULES: ReadonlySet<string> = new Set(['k8s/node-port-range', 'k8s/node-port-allocated', 'k8s/health-check-node-port-range']);

/** Report formats of `appsvc validate -o`. */
export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The options of `appsvc validate`, parsed. */
export interface ValidateCommandOptions extends VersionChoice {
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
   * Rules to run, also those off by default (`--enable`, repeatable).
   * @default []
   */
  readonly enable?: readonly string[];
  /**
   * Rules whose warnings are left out (`--disable`, repeatable).
   * @default []
   */
  readonly disable?: readonly string[];
  /**
   * Cross-check all inputs as one set (`--one-set`) instead of one set per file, directory and stream.
   * @default false
   */
  readonly oneSet?: boolean;
  /**
   * Where the config file is looked for (and above).
   * @default process.cwd()
   */
  readonly cwd?: string;
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
reads them, checks each v1 Service against the rules the API server of the chosen Kubernetes
version (--kubernetes-version, 1.28 to 1.37; default 1.28) applies on create, and runs the
cross-object checks (selectors, target ports) over each set of objects
applied together: each file given, each directory's own files (every subdirectory is a set of its
own), standard input; --one-set makes all inputs one set. Every object gets a result; only v1
Services are checked against the API server rules.

Severity: error is what the API server would reject; appsvc's own findings (cross-object checks,
advice) are warnings, which fail the run only with --strict. Silence a rule with --disable RULE,
in a .appsvc.yaml file (in this directory or above: "disable: [RULE]", "enable: [RULE]"), or for
one object with the annotation appsvc.dev/ignore: RULE[,RULE]. Rule ids: docs/rules.md.

Inputs: files (any extension), directories (searched recursively for .yaml, .yml and .json, in
sorted order), and - for standard input. A file named with no object in it (empty, or only
comments and ---) is an error, as is a directory without manifests; inside a directory such a file
is skipped with a note. YAML is read as kubectl reads it (YAML 1.1 scalars: yes/no/on/off are
booleans, 0755 is octal); a duplicate key is a warning (kubectl keeps the last value); tags other
than the standard ones (!foo) are read as plain strings and never run anything.

Output: the report goes to stdout (text: one line per finding, json: one document, sarif: SARIF
2.1.0 for code scanning); input that cannot be read is reported on stderr as one line naming the
file, severity and rule id ("bad.yaml:3:5: error manifest/syntax: ...", and in the json and sarif
reports as a result with an error); a summary goes to stderr.

Exit status: 0 no finding of severity error, 1 at least one (or an input that cannot be read;
with --strict, warnings too), 2 usage error.

Examples:
  $ appsvc validate service.yaml
  $ appsvc validate manifests/ dist/
  $ kustomize build overlays/prod | appsvc validate -
  $ appsvc validate -o json dist/ | jq '.results[] | select(.errors != [])'
  $ appsvc validate --profile cce --node-port-range 30000-32767 --strict dist/
  $ appsvc validate --errors server svc.yaml           # exactly the API server's answer
  $ appsvc validate --kubernetes-version 1.33 dist/    # the cluster's version (kubectl version)
  $ appsvc validate --kubernetes-version 1.34 --feature-gates RelaxedServiceNameValidation=true dist/
  $ appsvc validate -o sarif dist/ > appsvc.sarif      # upload to GitHub code scanning`;

/** Registers `appsvc validate`. */
export function registerValidateCommand(program: Command, state: CommandState): void {
  const validate = addVersionOptions(program.command('validate'))
    .description('check Kubernetes manifests against the rules of the chosen Kubernetes API server (1.28 to 1.37, default 1.28)')
    .argument('<inputs...>', 'files, directories, or - for standard input')
    .addOption(new Option('-o, --output <format>', 'report format').choices(OUTPUT_FORMATS).default('text'))
    .addOption(new Option('--profile <profile>', 'rule set: plain Kubernetes, or Kubernetes plus Huawei Cloud CCE limits').choices(PROFILES).default('kubernetes'))
    .option('--node-port-range <min-max>', "the cluster's --service-node-port-range (default: 30000-32767)", parseNodePortRange)
    .option('--strict', 'fail on warnings too', false);
  addRuleOptions(validate)
    .option('--one-set', 'cross-check all inputs as one set (default: one set per file, directory and stream)', false)
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
  return {
    output,
    profile,
    strict: opts['strict'] === true,
    reporting,
    ...ruleFlags(opts),
    oneSet: opts['oneSet'] === true,
    ...(nodePortRange === undefined ? {} : { nodePortRange }),
    ...versionChoice(opts),
  };
}

/**
 * Runs `appsvc validate` over `inputs`: reads them, validates every object, writes the report to
 * stdout and diagnostics to stderr, and returns the exit status (0 or 1).
 */
export async function runValidateCommand(inputs: readonly string[], options: ValidateCommandOptions, out: Output): Promise<number> {
  // Loaded here, not at the top, so that `appsvc --help` and other commands stay fast, and so that
  // nothing on this path loads cdk8s.
  const [{ readInputs }, { MANIFEST_RULES }, report, { validateManifest, SERVICE_RULES }, lint, { resolveRuleSwitches }] = await Promise.all([
    import('../manifest/read'),
    import('../manifest/problems'),
    import('../report'),
    import('../validation'),
    import('../lint'),
    import('./lint-config'),
  ]);
  const rules = await resolveRuleSwitches({ enable: options.enable ?? [], disable: options.disable ?? [] }, options.cwd ?? process.cwd());
  const read = (args: readonly string[]): Promise<InputSource[]> => readInputs(args, { onSkip: (file, note) => out.info(`${file}: ${note}`) });
  const { sources, setOf } = await readSets(inputs, read, options.oneSet === true);
  const validateOptions = {
    profile: options.profile,
    reporting: options.reporting ?? 'default',
    ...(options.nodePortRange === undefined ? {} : { nodePortRange: options.nodePortRange }),
    ...(options.kubernetesVersion === undefined ? {} : { kubernetesVersion: options.kubernetesVersion }),
    ...(options.featureGates === undefined ? {} : { featureGates: options.featureGates }),
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
    // Cross-object checks over each set; buildRun makes warnings errors under --strict.
    (objects, onSilenced) => lint.lintManifests(objects, { ...rules, onSilenced }),
    { strict: options.strict, rules, setOf },
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
  for (const line of report.renderProblemLines(run)) out.info(line);
  for (const line of report.renderRuleCounts(run)) out.info(line);
  out.info(report.renderSummary(run));
  if (hidden > 0) {
    out.info(`${hidden} more error${hidden === 1 ? ' is' : 's are'} hidden behind a nodePort that cannot be allocated, as the API server hides them; --errors all shows them`);
  }
  return report.runOk(run) ? EXIT_OK : EXIT_FAILURE;
}

/**
 * Reads the inputs and tells which set each belongs to: the objects applied together are
 * cross-checked together. A file given is a set; the files of a directory directly in it are a set,
 * and each subdirectory's its own; standard input is a set. With `oneSet`, all are one.
 */
async function readSets(
  inputs: readonly string[],
  readInputs: (args: readonly string[]) => Promise<InputSource[]>,
  oneSet: boolean,
): Promise<{ sources: InputSource[]; setOf: (sourceIndex: number) => string }> {
  const sources: InputSource[] = [];
  const keys: string[] = [];
  let stdin: InputSource[] | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const arg = inputs[i] as string;
    // Standard input is read once, however often it is named.
    const read = arg === '-' ? (stdin ??= await readInputs([arg])) : await readInputs([arg]);
    for (const source of read) {
      sources.push(source);
      // A file found in a directory argument belongs to the set of its own directory.
      keys.push(source.file === arg ? `${i}\u0000` : `${i}\u0000${path.dirname(source.file)}`);
    }
  }
  return { sources, setOf: oneSet ? () => '' : (index) => keys[index] ?? '' };
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
