import { App, Chart } from 'cdk8s';
import { checkObjects, errorsOf, type CheckOptions } from './synth/check';
import { resolveChartsOf, validateConstructsOf } from './synth/resolve';
import { SynthError } from './synth/synthesize';

/** `metadata` of a synthesized manifest. */
export interface ManifestMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** A synthesized Kubernetes manifest. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ManifestMetadata;
  readonly [key: string]: unknown;
}

/** `spec.ports[*]` of a synthesized Service. */
export interface ServicePortManifest {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

/** `spec` of a synthesized Service, in the manifest's spelling. */
export interface ServiceSpecManifest {
  readonly type?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports?: readonly ServicePortManifest[];
  readonly clusterIP?: string;
  readonly clusterIPs?: readonly string[];
  readonly externalName?: string;
  readonly externalIPs?: readonly string[];
  readonly sessionAffinity?: string;
  readonly sessionAffinityConfig?: { readonly clientIP?: { readonly timeoutSeconds?: number } };
  readonly loadBalancerIP?: string;
  readonly loadBalancerSourceRanges?: readonly string[];
  readonly loadBalancerClass?: string;
  readonly allocateLoadBalancerNodePorts?: boolean;
  readonly externalTrafficPolicy?: string;
  readonly internalTrafficPolicy?: string;
  readonly healthCheckNodePort?: number;
  readonly ipFamilies?: readonly string[];
  readonly ipFamilyPolicy?: string;
  readonly publishNotReadyAddresses?: boolean;
}

/** A synthesized `v1/Service`. */
export interface ServiceManifest extends Manifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly spec: ServiceSpecManifest;
}

/** True when `m` is a `v1/Service` manifest. */
export function isServiceManifest(m: Manifest): m is ServiceManifest {
  return m.apiVersion === 'v1' && m.kind === 'Service' && typeof m['spec'] === 'object' && m['spec'] !== null;
}

function isManifest(x: Record<string, unknown>): x is Record<string, unknown> & Manifest {
  return typeof x['apiVersion'] === 'string' && typeof x['kind'] === 'string' && typeof x['metadata'] === 'object' && x['metadata'] !== null;
}

/**
 * Synthesizes `chart` for a test, through the same checks as `synthesize()`: the whole app is
 * resolved and validated (Services by the rules of the chosen Kubernetes version's API server (1.28 by default), cross-object checks over
 * every chart), and the chart's manifests are returned only when nothing is an error.
 *
 * ```ts
 * const app = Testing.app();
 * const chart = new Chart(app, 'test');
 * new AppService(chart, 'api', { selector: { app: 'api' }, ports: ['80:http'] });
 * expect(synthChart(chart)).toMatchSnapshot();
 * ```
 *
 * @throws SynthError with every finding of the app when any is an error, so a snapshot test
 *   fails instead of recording an invalid Service
 */
export function synthChart(chart: Chart, options: CheckOptions = {}): Manifest[] {
  const app = App.of(chart);
  if (!(app instanceof App)) throw new Error(`chart ${chart.node.path} is not part of a cdk8s App`);
  const all = app.node.findAll();
  const constructErrors = validateConstructsOf(all);
  if (constructErrors.length > 0) throw new SynthError(constructErrors);
  const charts = resolveChartsOf(app, all);
  const findings = checkObjects(
    charts.flatMap((c) => c.objects),
    options,
  );
  if (errorsOf(findings).length > 0) throw new SynthError(findings);
  const mine = charts.find((c) => c.chart === chart);
  if (mine === undefined) throw new Error(`chart ${chart.node.path} is not one of the app's charts`);
  return mine.objects.map((o) => {
    if (!isManifest(o.manifest)) throw new Error(`[${o.constructPath}] did not render apiVersion, kind and metadata`);
    return o.manifest;
  });
}

/** {@link synthChart}, keeping only the Services. */
export function synthServices(chart: Chart, options: CheckOptions = {}): ServiceManifest[] {
  return synthChart(chart, options).filter(isServiceManifest);
}

/** Test entry points, in the shape of cdk8s's `Testing`. */
export const AppTesting = {
  /** See {@link synthChart}. */
  synth: synthChart,
  /** See {@link synthServices}. */
  services: synthServices,
} as const;
