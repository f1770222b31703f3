import { ServiceSpecDefinition, sortedStringMap } from '../constructs/service-spec';
import { checkObjects } from '../synth/check';
import type { ResolvedObject } from '../synth/types';
import type * as CompileModule from './compile';
import { dedupe, locateFinding, SpecCompileError, type SpecSource } from './compile-problems';
import { constructId, entryProps } from './entry-props';
import { specLabels } from './labels';
import type { ServiceEntry } from './model';

/** The compilation through cdk8s, loaded only for what the direct rendering does not reproduce. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const compileModule = (): typeof CompileModule => require('./compile') as typeof CompileModule;

/**
 * Compiles one entry (as it is, or as it would be after an edit) and returns its manifest: the
 * manifest and the findings {@link CompileModule.compileEntry} gives through a cdk8s app, here
 * without loading cdk8s (`service get` and `service upsert` need one Service, not an app). The
 * Service is rendered as AppService renders it directly (its spec by the same
 * {@link ServiceSpecDefinition}, its metadata with the spec's labels as a cdk8s chart adds them)
 * and checked as synthesis checks it; an entry with a value the direct rendering does not take is
 * compiled through cdk8s instead.
 *
 * @param index the entry's index in the file, for locating problems; undefined for a new entry
 * @throws SpecCompileError with every error-severity finding
 */
export function compileEntryManifest(source: SpecSource, entry: ServiceEntry, index: number | undefined): Record<string, unknown> {
  const obj = renderEntry(source, entry, index);
  if (obj === undefined) return compileModule().compileEntry(source, entry, index);
  const version = source.spec.kubernetesVersion;
  const errors = checkObjects([obj], version === undefined ? {} : { kubernetesVersion: version }).filter((f) => f.finding.severity === 'error');
  if (errors.length > 0) {
    const owners = new Map<string, number>([[obj.constructPath, index ?? -1]]);
    throw new SpecCompileError(dedupe(errors.map((f) => locateFinding(source, owners, f, entry.name))));
  }
  return obj.manifest;
}

/**
 * An entry rendered as synthesis resolves its AppService in a cdk8s app of the spec (chart named
 * after the spec, construct id from {@link constructId}): manifest, construct path, the
 * construct's own findings and their mapping. Undefined when the direct rendering does not take a
 * value of the entry (cdk8s's generic rendering is needed then).
 */
export function renderEntry(source: Pick<SpecSource, 'spec' | 'specName'>, entry: ServiceEntry, index: number | undefined): ResolvedObject | undefined {
  const props = entryProps(source.spec, entry);
  const type = props.type ?? (props.externalName !== undefined ? 'ExternalName' : 'ClusterIP');
  const spec = new ServiceSpecDefinition(props, type);
  const annotations = props.annotations === undefined ? null : sortedStringMap(props.annotations);
  // cdk8s puts the chart's labels first and the object's over them, then sorts the keys. Labels
  // that are not a plain object are spread into one first, as cdk8s spreads them.
  const given = props.labels;
  const chartLabels = specLabels(source.spec.id ?? source.specName);
  const labels = given === undefined ? sortedStringMap({}, chartLabels) : (sortedStringMap(given, chartLabels) ?? sortedStringMap({ ...chartLabels, ...given }));
  const rendered = spec.render();
  if (annotations === undefined || labels === undefined || rendered === undefined || typeof props.name !== 'string') return undefined;
  const metadata: Record<string, unknown> = {};
  if (annotations !== null) metadata['annotations'] = annotations;
  if (labels !== null) metadata['labels'] = labels;
  metadata['name'] = props.name;
  if (props.namespace !== undefined) metadata['namespace'] = props.namespace;
  const manifest: Record<string, unknown> = { apiVersion: 'v1', kind: 'Service', metadata, spec: rendered };
  const own = spec.findings(undefined, props.namespace);
  const mapFinding = spec.findingMapper();
  return {
    constructPath: `${source.specName}/${constructId(entry, source.spec, index ?? source.spec.services.length)}`,
    chart: source.specName,
    manifest,
    ...(own.length > 0 ? { constructFindings: own } : {}),
    ...(mapFinding !== undefined ? { mapFinding } : {}),
  };
}
