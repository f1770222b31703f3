/**
 * `ValidateService` (#1-#45) on a defaulted Service, in the server's order, as the chosen
 * Kubernetes version has it (see `behaviour.ts`).
 * `ValidateServiceClusterIPsRelatedFields` (#34-#37) is not repeated here: the REST layer already
 * ran it (see `cluster-ips.ts`).
 */
import { forbidden, invalid, notSupported, required, type Finding } from './field-error';
import { FieldPath } from './field-path';
import { goTrimSpace, isDNS1123Subdomain, isQualifiedName, isValidPortNum } from './formats';
import { isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified, parseCIDRSloppy, parseIPSloppy } from './ip';
import type { AllocatorReport } from './allocator';
import type { VersionBehaviour } from './behaviour';
import { validateCIDRForLegacyField, validateIPForLegacyField } from './strict-ip';
import { findEntry, validateLabels, validateServiceMeta } from './metadata';
import { isExternallyAccessible, SERVICE_TYPES, type ServiceModel } from './model';
import { ANNOTATION_LB_SOURCE_RANGES } from './well-known';
import { validateKubeletPort, validateNoNodePorts, validatePorts, validateUniqueNodePorts, validateUniquePorts } from './ports';

/** Session affinity values, in the order the server lists them. */
export const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;
/** Traffic policy values (external and internal), in the order the server lists them. */
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
/** Longest ClientIP affinity timeout: one day. */
export const MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;
export { ANNOTATION_LB_SOURCE_RANGES } from './well-known';

const SUPPORTED_TYPES_SORTED = [...SERVICE_TYPES].sort();
const TYPE_SET: ReadonlySet<string> = new Set(SERVICE_TYPES);
const AFFINITY_SET: ReadonlySet<string> = new Set(SESSION_AFFINITIES);
const POLICY_SET: ReadonlySet<string> = new Set(TRAFFIC_POLICIES);

const METADATA = FieldPath.root('metadata');
const SPEC = FieldPath.root('spec');
const PORTS = SPEC.child('ports');

/** `ValidateNonSpecialIP`. */
function validateNonSpecialIP(value: string, path: FieldPath, out: Finding[]): void {
  const rule = 'k8s/external-ips';
  const ip = parseIPSloppy(value);
  if (ip === null) {
    out.push(invalid(path, value, 'must be a valid IP address', { rule }));
    return;
  }
  if (isUnspecified(ip)) out.push(invalid(path, value, `may not be unspecified (${value})`, { rule }));
  if (isLoopback(ip)) out.push(invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)', { rule }));
  if (isLinkLocalUnicast(ip)) out.push(invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)', { rule }));
  if (isLinkLocalMulticast(ip)) out.push(invalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)', { rule }));
}

/**
 * #39: `spec.loadBalancerSourceRanges`, else the annotation; path quirks as the server has them.
 * Until 1.29 one error for the whole list; from 1.30 one per bad entry.
 */
function validateSourceRanges(svc: ServiceModel, behaviour: VersionBehaviour, out: Finding[]): void {
  const ranges = svc.loadBalancerSourceRanges;
  const annotations = svc.meta.annotations;
  if (ranges === null || (annotations === null && ranges.length === 0)) return;
  const annotation = annotations === null ? undefined : findEntry(annotations, ANNOTATION_LB_SOURCE_RANGES);
  if (ranges.length === 0 && annotation === undefined) return;
  const rule = 'k8s/lb-source-ranges';
  const useField = ranges.length > 0;
  const path = useField ? SPEC.child('LoadBalancerSourceRanges') : METADATA.child('annotations').key(ANNOTATION_LB_SOURCE_RANGES);
  if (svc.type !== null && svc.type !== 'LoadBalancer') out.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'", { rule }));
  if (behaviour.sourceRangesPerEntry) {
    if (useField) {
      ranges.forEach((r, i) => {
        if (r !== null) validateCIDRForLegacyField(path.index(i), goTrimSpace(r), behaviour.strictIPCIDR, rule, out);
      });
    } else if (annotation !== null && annotation !== undefined) {
      const trimmed = goTrimSpace(annotation);
      if (trimmed !== '') for (const item of trimmed.split(',')) validateCIDRForLegacyField(path, goTrimSpace(item), behaviour.strictIPCIDR, rule, out);
    }
    return;
  }
  let specs: ReadonlyArray<string | null>;
  let value: string;
  if (useField) {
    specs = ranges;
    value = `[${ranges.map((r) => r ?? '').join(' ')}]`;
  } else {
    if (annotation === null || annotation === undefined) return;
    const trimmed = goTrimSpace(annotation);
    specs = trimmed === '' ? [] : trimmed.split(',');
    value = annotation;
  }
  const bad = specs.some((s) => s !== null && parseCIDRSloppy(goTrimSpace(s)) === null);
  if (bad) out.push(invalid(path, value, 'must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ', { rule }));
}

/** #42 and #43. */
function validateExternalTrafficPolicy(svc: ServiceModel, allocated: AllocatorReport, behaviour: VersionBehaviour, out: Finding[]): void {
  const { type, externalTrafficPolicy: etp, healthCheckNodePort: hc } = svc;
  if (type === null || etp === null) return;
  // From 1.29 a ClusterIP Service with externalIPs is externally accessible too.
  if (behaviour.externallyAccessibleTrafficPolicy && type === 'ClusterIP' && svc.externalIPs === null) return;
  const externallyAccessible = isExternallyAccessible(type, svc.externalIPs, behaviour);
  if (!externallyAccessible) {
    if (etp !== '') {
      const detail = behaviour.externallyAccessibleTrafficPolicy ? 'may only be set for externally-accessible services' : "may only be set when `type` is 'NodePort' or 'LoadBalancer'";
      out.push(invalid(SPEC.child('externalTrafficPolicy'), etp, detail, { rule: 'k8s/external-traffic-policy' }));
    }
  } else if (etp !== '' && !POLICY_SET.has(etp)) {
    out.push(notSupported(SPEC.child('externalTrafficPolicy'), etp, TRAFFIC_POLICIES, { rule: 'k8s/external-traffic-policy' }));
  }
  if (hc === null) return;
  const needsHealthCheck = type === 'LoadBalancer' && etp === 'Local';
  const path = SPEC.child('healthCheckNodePort');
  if (!needsHealthCheck) {
    if (hc !== 0) {
      out.push(invalid(path, hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'", { rule: 'k8s/health-check-node-port' }));
    }
  } else if (hc !== 0 && !allocated.healthCheckNodePort) {
    for (const msg of isValidPortNum(hc)) out.push(invalid(path, hc, msg, { rule: 'k8s/health-check-node-port' }));
  }
}

/** `ValidateService` (#1-#45 without #34-#37); `allocated` says what the allocator stage reported. */
export function validateServiceFields(svc: ServiceModel, allocated: AllocatorReport, behaviour: VersionBehaviour, out: Finding[]): void {
  validateServiceMeta(svc.meta, METADATA, behaviour.relaxedServiceName, out);

  const { type, ports, headless } = svc;
  if (ports !== null && ports.length === 0 && headless === false && type !== null && type !== 'ExternalName') {
    out.push(required(PORTS, '', { rule: 'k8s/ports-required' }));
  }

  if ((type === 'LoadBalancer' || type === 'NodePort') && headless === true) {
    out.push(invalid(SPEC.child('clusterIPs').index(0), 'None', `may not be set to 'None' for ${type} services`, { rule: 'k8s/headless-type' }));
  }
  if (behaviour.kubeletPortRule && type === 'LoadBalancer' && ports !== null) validateKubeletPort(ports, PORTS, out);
  if (type === 'ExternalName') {
    const rule = 'k8s/external-name-fields';
    if (svc.clusterIPs !== null && svc.clusterIPs.length > 0) out.push(forbidden(SPEC.child('clusterIPs'), 'may not be set for ExternalName services', { rule }));
    if (svc.ipFamilies !== null && svc.ipFamilies.length > 0) out.push(forbidden(SPEC.child('ipFamilies'), 'may not be set for ExternalName services', { rule }));
    if (typeof svc.ipFamilyPolicy === 'string') out.push(forbidden(SPEC.child('ipFamilyPolicy'), 'may not be set for ExternalName services', { rule }));
    if (svc.externalName !== null) {
      const cname = svc.externalName.endsWith('.') ? svc.externalName.slice(0, -1) : svc.externalName;
      if (cname.length > 0) {
        for (const msg of isDNS1123Subdomain(cname)) out.push(invalid(SPEC.child('externalName'), cname, msg, { rule: 'k8s/external-name' }));
      } else {
        out.push(required(SPEC.child('externalName'), '', { rule: 'k8s/external-name' }));
      }
    }
  }

  if (ports !== null) validatePorts(ports, PORTS, out);

  if (svc.selector !== undefined && svc.selector !== null) validateLabels(svc.selector, SPEC.child('selector'), 'k8s/selector', out);

  const affinity = svc.sessionAffinity;
  if (affinity !== null && !AFFINITY_SET.has(affinity)) {
    out.push(notSupported(SPEC.child('sessionAffinity'), affinity, SESSION_AFFINITIES, { rule: 'k8s/session-affinity' }));
  }
  const timeout = svc.affinityTimeout;
  if (affinity === 'ClientIP' && typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS)) {
    out.push(
      invalid(SPEC.child('sessionAffinityConfig', 'clientIP', 'timeoutSeconds'), timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT_SECONDS}`, {
        rule: 'k8s/session-affinity-timeout',
      }),
    );
  }

  if (svc.externalIPs !== null) {
    const ipPath = SPEC.child('externalIPs');
    svc.externalIPs.forEach((ip, i) => {
      if (ip === null) return;
      const before = out.length;
      validateIPForLegacyField(ipPath.index(i), ip, behaviour.strictIPCIDR, 'k8s/external-ips', out);
      if (out.length === before) validateNonSpecialIP(ip, ipPath.index(i), out);
    });
  }

  if (type !== null && !TYPE_SET.has(type)) out.push(notSupported(SPEC.child('type'), type, SUPPORTED_TYPES_SORTED, { rule: 'k8s/service-type' }));

  if (ports !== null) {
    if (type === 'ClusterIP') validateNoNodePorts(ports, PORTS, out);
    validateUniqueNodePorts(ports, PORTS, allocated.nodePortIndices, out);
    validateUniquePorts(ports, PORTS, out);
  }

  validateSourceRanges(svc, behaviour, out);

  if (typeof svc.allocateLoadBalancerNodePorts === 'boolean' && type !== null && type !== 'LoadBalancer') {
    out.push(forbidden(SPEC.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'", { rule: 'k8s/allocate-lb-node-ports' }));
  }

  const lbClass = svc.loadBalancerClass;
  if (typeof lbClass === 'string' && type !== null) {
    const path = SPEC.child('loadBalancerClass');
    if (type !== 'LoadBalancer') out.push(forbidden(path, "may only be used when service type is 'LoadBalancer'", { rule: 'k8s/lb-class' }));
    else for (const msg of isQualifiedName(lbClass)) out.push(invalid(path, lbClass, msg, { rule: 'k8s/lb-class' }));
  }

  validateExternalTrafficPolicy(svc, allocated, behaviour, out);

  const itp = svc.internalTrafficPolicy;
  if (typeof itp === 'string' && !POLICY_SET.has(itp)) {
    out.push(notSupported(SPEC.child('internalTrafficPolicy'), itp, TRAFFIC_POLICIES, { rule: 'k8s/internal-traffic-policy' }));
  }

  // From 1.30, with ServiceTrafficDistribution on (else the model has dropped it).
  const td = svc.trafficDistribution;
  if (typeof td === 'string' && !behaviour.trafficDistributionValues.includes(td)) {
    out.push(notSupported(SPEC.child('trafficDistribution'), td, behaviour.trafficDistributionValues, { rule: 'k8s/traffic-distribution' }));
  }
}
