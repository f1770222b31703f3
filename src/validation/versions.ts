/**
 * Kubernetes versions the validator models (1.28 to 1.37) and the kube-apiserver feature gates
 * that change a `v1/Service` create, with their default and lock state per version.
 *
 * No imports: the CLI reads these lists for `--help` and argument checks without loading the
 * validator.
 */

/** The Kubernetes minor versions the validator models, oldest first. */
export const KUBERNETES_VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'] as const;
/** One of {@link KUBERNETES_VERSIONS}. */
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];
/** The version of the Kubernetes API bindings the constructs are built on, and the default. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.28';

const VERSION_RE = /^1\.(\d{1,3})(?:\.(\d{1,4}))?$/;

/** The minor number of a version: `'1.33'` → 33. */
export function minorOf(version: KubernetesVersion): number {
  return Number(version.slice(2));
}

/**
 * Reads a version as a user writes it: `1.33` or `1.33.3` (the patch is accepted and ignored).
 * `undefined` for anything else, including versions the validator does not model.
 */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (m === null) return undefined;
  const minor = `1.${Number(m[1])}`;
  if (`1.${m[1]}` !== minor) return undefined; // no leading zeros: 1.033
  return KUBERNETES_VERSIONS.find((v) => v === minor);
}

/** `1.28, 1.29, …, 1.37` for messages. */
export function versionList(): string {
  return KUBERNETES_VERSIONS.join(', ');
}

/** The usage error for a version that is not one of {@link KUBERNETES_VERSIONS}. */
export function unknownVersionMessage(text: string): string {
  const hint = /^v\d/.test(text.trim()) ? ' (without the leading v)' : '';
  return `unsupported Kubernetes version ${JSON.stringify(text)}${hint}: use one of ${versionList()} (a patch such as 1.33.3 is accepted and ignored)`;
}

/** A feature gate's state in one version: its default, and whether it is locked to that default. */
export interface GateState {
  /** `alpha`, `beta`, `GA` or `deprecated`. */
  readonly stage: 'alpha' | 'beta' | 'GA' | 'deprecated';
  readonly default: boolean;
  /** Locked to its default: kube-apiserver refuses to change it. */
  readonly locked: boolean;
}

const A_OFF: GateState = { stage: 'alpha', default: false, locked: false };
const B_ON: GateState = { stage: 'beta', default: true, locked: false };
const B_OFF: GateState = { stage: 'beta', default: false, locked: false };
const GA_ON: GateState = { stage: 'GA', default: true, locked: false };
const GA_LOCKED: GateState = { stage: 'GA', default: true, locked: true };
const DEPRECATED_OFF: GateState = { stage: 'deprecated', default: false, locked: false };
const DEPRECATED_LOCKED_OFF: GateState = { stage: 'deprecated', default: false, locked: true };

/** What a gate changes, for documentation and messages. */
export interface GateInfo {
  readonly name: string;
  /** What the gate changes in a Service create, in one line. */
  readonly effect: string;
  /** State per version; a version without an entry does not have the gate. */
  readonly states: Readonly<Partial<Record<KubernetesVersion, GateState>>>;
}

/**
 * The kube-apiserver feature gates that concern a `v1/Service` create (pkg/features at each release).
 * Gates that only change the REST layer's IP allocation or status handling are listed so that
 * `--feature-gates` accepts what a cluster's flags say; they change nothing appsvc checks.
 */
export const FEATURE_GATES: readonly GateInfo[] = [
  {
    name: 'ServiceTrafficDistribution',
    effect: 'spec.trafficDistribution is validated; when off, the server drops the field',
    states: { '1.30': A_OFF, '1.31': B_ON, '1.32': B_ON, '1.33': GA_LOCKED, '1.34': GA_LOCKED, '1.35': GA_LOCKED },
  },
  {
    name: 'PreferSameTrafficDistribution',
    effect: 'spec.trafficDistribution also accepts PreferSameZone and PreferSameNode',
    states: { '1.33': A_OFF, '1.34': B_ON, '1.35': GA_LOCKED, '1.36': GA_LOCKED, '1.37': GA_LOCKED },
  },
  {
    name: 'StrictIPCIDRValidation',
    effect: 'IPs and CIDRs with leading zeros, IPv4-mapped IPv6 addresses and CIDRs with host bits are rejected',
    states: { '1.33': A_OFF, '1.34': A_OFF, '1.35': A_OFF, '1.36': B_ON, '1.37': B_ON },
  },
  {
    name: 'RelaxedServiceNameValidation',
    effect: 'metadata.name is checked as an RFC 1123 label (a leading digit is allowed) instead of a DNS-1035 label',
    states: { '1.34': A_OFF, '1.35': A_OFF, '1.36': B_ON, '1.37': GA_LOCKED },
  },
  {
    name: 'MultiCIDRServiceAllocator',
    effect: 'cluster IPs are allocated from ServiceCIDR objects (cluster state; nothing appsvc checks)',
    states: {
      '1.28': A_OFF,
      '1.29': A_OFF,
      '1.30': A_OFF,
      '1.31': B_OFF,
      '1.32': B_OFF,
      '1.33': GA_ON,
      '1.34': GA_LOCKED,
      '1.35': GA_LOCKED,
      '1.36': GA_LOCKED,
      '1.37': GA_LOCKED,
    },
  },
  {
    name: 'DisableAllocatorDualWrite',
    effect: 'the legacy cluster IP allocator is no longer written (cluster state; nothing appsvc checks)',
    states: { '1.31': A_OFF, '1.32': A_OFF, '1.33': B_OFF, '1.34': GA_ON, '1.35': GA_LOCKED, '1.36': GA_LOCKED, '1.37': GA_LOCKED },
  },
  {
    name: 'LoadBalancerIPMode',
    effect: 'status.loadBalancer.ingress[].ipMode is validated on status updates (a create drops the status)',
    states: { '1.29': A_OFF, '1.30': B_ON, '1.31': B_ON, '1.32': GA_LOCKED, '1.33': GA_LOCKED, '1.34': GA_LOCKED },
  },
  {
    name: 'AllowServiceLBStatusOnNonLB',
    effect: 'status.loadBalancer is allowed on non-LoadBalancer Services on status updates (a create drops the status)',
    states: { '1.29': DEPRECATED_OFF, '1.30': DEPRECATED_OFF, '1.31': DEPRECATED_OFF, '1.32': DEPRECATED_LOCKED_OFF, '1.33': DEPRECATED_LOCKED_OFF, '1.34': DEPRECATED_LOCKED_OFF },
  },
  {
    name: 'ServiceNodePortStaticSubrange',
    effect: 'automatic nodePorts prefer the upper band of the range (nothing appsvc checks)',
    states: { '1.28': B_ON, '1.29': GA_LOCKED, '1.30': GA_LOCKED },
  },
  {
    name: 'RetryGenerateName',
    effect: 'a create with generateName that collides is retried (nothing appsvc checks)',
    states: { '1.30': A_OFF, '1.31': B_ON, '1.32': GA_LOCKED, '1.33': GA_LOCKED, '1.34': GA_LOCKED, '1.35': GA_LOCKED },
  },
];

const GATES_BY_NAME: ReadonlyMap<string, GateInfo> = new Map(FEATURE_GATES.map((g) => [g.name, g]));

/** The gate, when appsvc knows it. */
export function featureGate(name: string): GateInfo | undefined {
  return GATES_BY_NAME.get(name);
}

/** Gate values as given: `{ StrictIPCIDRValidation: true }`. */
export type FeatureGates = Readonly<Record<string, boolean>>;

/** The versions in which `gate` exists and can be changed, e.g. `1.33-1.35`. */
export function settableVersions(gate: GateInfo): KubernetesVersion[] {
  return KUBERNETES_VERSIONS.filter((v) => {
    const s = gate.states[v];
    return s !== undefined && !s.locked;
  });
}

/** `1.30, 1.31, 1.32` written as ranges: `1.30-1.32`. */
export function describeVersions(versions: readonly KubernetesVersion[]): string {
  const parts: string[] = [];
  let start: KubernetesVersion | undefined;
  let prev: KubernetesVersion | undefined;
  for (const v of versions) {
    if (start === undefined || prev === undefined || minorOf(v) !== minorOf(prev) + 1) {
      if (start !== undefined && prev !== undefined) parts.push(start === prev ? start : `${start}-${prev}`);
      start = v;
    }
    prev = v;
  }
  if (start !== undefined && prev !== undefined) parts.push(start === prev ? start : `${start}-${prev}`);
  return parts.join(', ');
}

/**
 * The problems with setting `gates` on `version` (empty when kube-apiserver accepts them): a gate
 * appsvc does not know, a gate the version does not have, a gate the version locks. Each message
 * names the versions where the gate can be set.
 */
export function featureGateProblems(version: KubernetesVersion, gates: FeatureGates): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(gates)) {
    const gate = GATES_BY_NAME.get(name);
    if (gate === undefined) {
      problems.push(`unknown feature gate ${JSON.stringify(name)}: appsvc knows the gates that change a Service create: ${FEATURE_GATES.map((g) => g.name).join(', ')}`);
      continue;
    }
    if (typeof gates[name] !== 'boolean') {
      problems.push(`feature gate ${name} must be true or false`);
      continue;
    }
    const state = gate.states[version];
    const where = settableVersions(gate);
    const canSet = where.length === 0 ? 'it cannot be set in any version appsvc models' : `it can be set in Kubernetes ${describeVersions(where)}`;
    if (state === undefined) problems.push(`feature gate ${name} does not exist in Kubernetes ${version}; ${canSet}`);
    else if (state.locked) problems.push(`feature gate ${name} is locked to ${state.default} in Kubernetes ${version}; ${canSet}`);
  }
  return problems;
}

/**
 * Reads kube-apiserver's `--feature-gates` syntax, `Name=true,Other=false` (spaces around the
 * parts allowed, values case-insensitive as Go's `strconv.ParseBool` reads them). Returns the
 * gates, or the message of the first malformed part.
 */
export function parseFeatureGates(text: string): { readonly gates: FeatureGates } | { readonly error: string } {
  const gates: Record<string, boolean> = {};
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return { error: `missing bool value for ${part} (expected Name=true or Name=false)` };
    const name = part.slice(0, eq).trim();
    const value = parseGoBool(part.slice(eq + 1).trim());
    if (value === undefined) return { error: `invalid value of ${name}=${part.slice(eq + 1).trim()} (expected true or false)` };
    gates[name] = value;
  }
  return { gates };
}

/** Go's `strconv.ParseBool`. */
function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * Whether `name` is enabled on `version` with `gates` applied. A version before the gate existed
 * has it off; a version after its removal keeps its last (locked) value, as the code does once
 * the gate is gone.
 */
export function gateEnabled(version: KubernetesVersion, gates: FeatureGates | undefined, name: string): boolean {
  const info = GATES_BY_NAME.get(name);
  if (info === undefined) return false;
  const state = info.states[version];
  if (state === undefined) {
    const earlier = KUBERNETES_VERSIONS.filter((v) => minorOf(v) < minorOf(version) && info.states[v] !== undefined);
    const last = earlier.length === 0 ? undefined : info.states[earlier[earlier.length - 1] as KubernetesVersion];
    return last?.default ?? false;
  }
  if (state.locked) return state.default;
  const given = gates?.[name];
  return typeof given === 'boolean' ? given : state.default;
}
