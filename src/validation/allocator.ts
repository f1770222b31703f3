/**
 * The static part of the REST layer's node port allocation (#50, #51): what fails for any cluster.
 * Whether a port is already used by another Service is cluster state and not checked.
 */
import { internalError, invalid, type Finding } from './field-error';
import { FieldPath } from './field-path';
import type { Items, PortModel, ServiceModel } from './model';
import type { PortRange } from './options';

const SPEC = FieldPath.root('spec');

/** What the allocator stage already reported, so validation does not report it again. */
export interface AllocatorReport {
  /** Indices of ports whose `nodePort` has a finding. */
  readonly nodePortIndices: ReadonlySet<number>;
  /** True when `healthCheckNodePort` has a finding. */
  readonly healthCheckNodePort: boolean;
}

/** The result of asking for one node port. */
type AllocationError = 'range' | 'allocated';

/** Node ports requested within one Service, as the allocator's operation tracks them. */
class NodePortRequests {
  private readonly taken = new Set<number>();

  public constructor(private readonly range: PortRange) {}

  /** `PortAllocationOperation.Allocate`: reserve `port`, or say why not. */
  public allocate(port: number): AllocationError | undefined {
    if (port < this.range.min || port > this.range.max) return 'range';
    if (this.taken.has(port)) return 'allocated';
    this.taken.add(port);
    return undefined;
  }

  /** The allocator's error text. */
  public message(err: AllocationError): string {
    return err === 'range'
      ? `provided port is not in the valid range. The range of valid ports is ${this.range.min}-${this.range.max}`
      : 'provided port is already allocated';
  }
}

/**
 * #50 and #51. Reports what got a finding, so that validation (#25, #43) does not report the same
 * path again.
 *
 * Mirrors `initNodePorts`: ports are keyed by their `port` number; the first explicit nodePort of
 * a port number is used for every port with that number (the error lands on the port being
 * allocated, as in the server); a port with a different explicit nodePort asks for it separately.
 * The server stops at the first failure; unless `stopAtFirst`, allocation continues here so every
 * failure is reported.
 */
export function checkNodePortAllocation(svc: ServiceModel, range: PortRange, stopAtFirst: boolean, out: Finding[]): AllocatorReport {
  const reported = new Set<number>();
  const { type, ports } = svc;
  if (type !== 'NodePort' && type !== 'LoadBalancer') return { nodePortIndices: reported, healthCheckNodePort: false };
  const requests = new NodePortRequests(range);
  if (ports !== null) {
    const byPort = new Map<number, number>();
    const portsPath = SPEC.child('ports');
    // shouldAllocateNodePorts: LoadBalancer with allocateLoadBalancerNodePorts false only honours requests.
    const allocatesAll = type === 'NodePort' || svc.allocateLoadBalancerNodePorts !== false;
    const requested = requestedNodePorts(ports);
    ports.forEach((sp, i) => {
      if (sp === null || sp.port === null || sp.nodePort === null) return;
      if (sp.nodePort === 0 && !allocatesAll) return;
      if (stopAtFirst && reported.size > 0) return;
      const assigned = byPort.get(sp.port);
      let wanted: number | undefined;
      if (assigned === undefined) {
        wanted = requested.get(sp.port) ?? 0;
        if (wanted === 0) return; // allocated from the free range: nothing to check
        byPort.set(sp.port, wanted);
      } else if (sp.nodePort !== 0 && sp.nodePort !== assigned) {
        wanted = sp.nodePort;
      }
      if (wanted === undefined) return;
      const err = requests.allocate(wanted);
      if (err !== undefined) {
        reported.add(i);
        out.push(invalid(portsPath.index(i).child('nodePort'), wanted, requests.message(err), { rule: err === 'range' ? 'k8s/node-port-range' : 'k8s/node-port-allocated' }));
      }
    });
  }
  if (stopAtFirst && reported.size > 0) return { nodePortIndices: reported, healthCheckNodePort: false };
  return { nodePortIndices: reported, healthCheckNodePort: checkHealthCheckNodePort(svc, requests, out) };
}

/**
 * `findRequestedNodePort` for every port number at once: the first explicit nodePort among the
 * ports with that `port` number (absent: none, so 0).
 */
function requestedNodePorts(ports: Items<PortModel>): Map<number, number> {
  const first = new Map<number, number>();
  for (const sp of ports) {
    if (sp !== null && sp.port !== null && sp.nodePort !== null && sp.nodePort !== 0 && !first.has(sp.port)) first.set(sp.port, sp.nodePort);
  }
  return first;
}

/** #51: a requested healthCheckNodePort of a LoadBalancer with externalTrafficPolicy Local; true when reported. */
function checkHealthCheckNodePort(svc: ServiceModel, requests: NodePortRequests, out: Finding[]): boolean {
  const hc = svc.healthCheckNodePort;
  if (svc.type !== 'LoadBalancer' || svc.externalTrafficPolicy !== 'Local' || hc === null || hc === 0) return false;
  const err = requests.allocate(hc);
  if (err !== undefined) {
    out.push(
      internalError(SPEC.child('healthCheckNodePort'), `failed to allocate requested HealthCheck NodePort ${hc}: ${requests.message(err)}`, {
        rule: 'k8s/health-check-node-port-range',
      }),
    );
  }
  return err !== undefined;
}
