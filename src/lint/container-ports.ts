import { duplicate, invalid, renderMessage, type Finding } from '../validation/field-error';
import { isValidPortName } from '../validation/formats';
import { ownFinding } from './finding';
import type { LintFinding } from './types';
import type { DeclaredPort, PodTemplate, TemplateContainer } from './workloads';

/**
 * Checks the port names each pod template declares: `lint/container-port-name` (not an IANA service
 * name, in containers and init containers) and `lint/container-port-name-unique` (a name used twice
 * among the pod's regular containers: a named targetPort would reach only the first).
 */
export function checkContainerPorts(templates: readonly PodTemplate[]): LintFinding[] {
  const out: LintFinding[] = [];
  for (const t of templates) {
    const firstByName = new Map<string, { port: DeclaredPort; container: string; list: TemplateContainer }>();
    for (const c of t.containers) {
      for (const p of c.ports) {
        if (p.name === undefined) continue;
        const errs = isValidPortName(p.name);
        for (const msg of errs) {
          out.push({ index: t.owner.index, finding: invalid(p.path.child('name'), p.name, msg, { rule: 'lint/container-port-name' }) });
        }
        if (errs.length > 0 || c.list !== 'containers') continue;
        const first = firstByName.get(p.name);
        if (first === undefined) {
          firstByName.set(p.name, { port: p, container: c.name, list: c });
          continue;
        }
        if (first.list === c) {
          // Within one container the API server rejects the pod template itself.
          out.push({ index: t.owner.index, finding: duplicate(p.path.child('name'), p.name, { rule: 'lint/container-port-name-unique' }) });
        } else {
          // Across containers it is accepted; a named targetPort reaches only the first.
          out.push({
            index: t.owner.index,
            finding: ownFinding(
              'lint/container-port-name-unique',
              p.path.child('name'),
              p.name,
              `port name ${JSON.stringify(p.name)} is already used by container ${JSON.stringify(first.container)} at ${first.port.path.toString()}; a named targetPort reaches only the first`,
              { type: 'FieldValueDuplicate', severity: 'warning' },
            ),
          });
        }
      }
    }
  }
  return out;
}

/** The same finding with an explanation added to its message. */
export function withDetail(f: Finding, detail: string): Finding {
  return { ...f, detail, message: renderMessage(f.type, f.field, f.value, detail, 'value' in f) };
}
