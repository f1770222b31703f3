import { selects, type PodTemplate } from './workloads';

/**
 * Pod templates indexed by namespace and by label, so that finding the templates a selector
 * matches costs the size of the smallest matching label's list, not the whole set.
 */
export class TemplateIndex {
  private readonly byNamespace = new Map<string, PodTemplate[]>();
  private readonly byLabel = new Map<string, PodTemplate[]>();
  /** By label across namespaces, built on first use. */
  private byLabelAnywhere: Map<string, PodTemplate[]> | undefined;
  private readonly templates: readonly PodTemplate[];

  public constructor(templates: readonly PodTemplate[]) {
    this.templates = templates;
    for (const t of templates) {
      push(this.byNamespace, t.owner.namespace, t);
      for (const [k, v] of t.labels) push(this.byLabel, labelKey(t.owner.namespace, k, v), t);
    }
  }

  /** The templates in `namespace` whose labels include every entry of a non-empty `selector`, in set order. */
  public select(namespace: string, selector: ReadonlyMap<string, string>): PodTemplate[] {
    let smallest: PodTemplate[] | undefined;
    for (const [k, v] of selector) {
      const list = this.byLabel.get(labelKey(namespace, k, v));
      if (list === undefined) return [];
      if (smallest === undefined || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).filter((t) => selects(selector, t.labels));
  }

  /**
   * The templates of any namespace whose labels include every entry of a non-empty `selector`,
   * in set order, looking at no more than `limit` templates of the selector's smallest label list.
   */
  public selectInAnyNamespace(selector: ReadonlyMap<string, string>, limit: number): PodTemplate[] {
    if (this.byLabelAnywhere === undefined) {
      const map = new Map<string, PodTemplate[]>();
      for (const t of this.templates) for (const [k, v] of t.labels) push(map, labelKey('', k, v), t);
      this.byLabelAnywhere = map;
    }
    let smallest: PodTemplate[] | undefined;
    for (const [k, v] of selector) {
      const list = this.byLabelAnywhere.get(labelKey('', k, v));
      if (list === undefined) return [];
      if (smallest === undefined || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).slice(0, limit).filter((t) => selects(selector, t.labels));
  }

  /** The templates of `namespace` whose pods carry the label `key=value`, in set order. */
  public withLabel(namespace: string, key: string, value: string): readonly PodTemplate[] {
    return this.byLabel.get(labelKey(namespace, key, value)) ?? [];
  }

  /** The templates of `namespace`, in set order. */
  public inNamespace(namespace: string): readonly PodTemplate[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** The namespaces that hold templates, in first-seen order. */
  public namespaces(): IterableIterator<string> {
    return this.byNamespace.keys();
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
