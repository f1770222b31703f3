/** The validation profiles: plain Kubernetes, or Kubernetes plus Huawei Cloud CCE limits. */
export const PROFILES = ['kubernetes', 'cce'] as const;
/** One of {@link PROFILES}. */
export type Profile = (typeof PROFILES)[number];

/** An inclusive range of node ports, as the API server's `--service-node-port-range`. */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** The API server's default `--service-node-port-range`. */
export const DEFAULT_NODE_PORT_RANGE: PortRange = Object.freeze({ min: 30000, max: 32767 });

/** Options of {@link validateService} and {@link validateManifest}. */
export interface ValidateOptions {
  /**
   * The Kubernetes version whose API server is modelled: `'1.28'` to `'1.37'` (a patch, as in
   * `'1.33.3'`, is accepted and ignored). Anything else makes validation throw a `RangeError`.
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * kube-apiserver feature gates that differ from the version's defaults, e.g.
   * `{ StrictIPCIDRValidation: true }`. A gate the version does not have, or has locked, makes
   * validation throw a `RangeError` naming the versions where it can be set.
   * @default - the version's defaults
   */
  readonly featureGates?: Readonly<Record<string, boolean>>;
  /**
   * Which rules apply.
   * @default 'kubernetes'
   */
  readonly profile?: Profile;
  /**
   * The cluster's node port range (`--service-node-port-range`).
   * @default { min: 30000, max: 32767 }
   */
  readonly nodePortRange?: PortRange;
  /**
   * Which errors are reported when the API server would stop early (see {@link REPORTING_MODES}).
   * @default 'default'
   */
  readonly reporting?: ReportingMode;
}

/**
 * How much is reported where the API server stops at its first failure.
 *
 * - `default`: what the server reports, except that structural errors and the cluster IP steps of
 *   the REST layer (`clusterIP`/`clusterIPs`/`ipFamilies`/`ipFamilyPolicy`, SingleStack) never
 *   stop the run: their errors are reported together with everything else. Node port allocation
 *   behaves as in the server: its first failure is the only one reported, and it hides the
 *   validation errors, as the server does.
 * - `server`: exactly what the server reports: only the structural errors when there are any,
 *   else only the first failing step of the REST layer, else the validation errors.
 * - `all`: nothing stops: every failure of every step.
 */
export const REPORTING_MODES = ['default', 'server', 'all'] as const;
/** One of {@link REPORTING_MODES}. */
export type ReportingMode = (typeof REPORTING_MODES)[number];
