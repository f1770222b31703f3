/**
 * A path to a field of an object, rendered the way Kubernetes' `field.Path` renders it:
 * `spec.ports[0].targetPort`, `metadata.annotations[some/key]`.
 *
 * Paths are built by extension (`path.child('ports').index(0)`) and never written out as whole
 * strings inside a rule.
 */
export class FieldPath {
  /** A new root path, e.g. `FieldPath.root('spec')`. */
  public static root(name: string): FieldPath {
    return new FieldPath(undefined, name, 'field');
  }

  private constructor(
    private readonly parent: FieldPath | undefined,
    private readonly segment: string,
    private readonly segmentKind: 'field' | 'index' | 'key',
  ) {}

  /** The path of a named child field: `spec` → `spec.ports`. */
  public child(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(this, name, 'field');
    for (const m of more) {
      p = new FieldPath(p, m, 'field');
    }
    return p;
  }

  /** The path of a list element: `spec.ports` → `spec.ports[0]`. */
  public index(i: number): FieldPath {
    return new FieldPath(this, String(i), 'index');
  }

  /** The path of a map entry: `metadata.annotations` → `metadata.annotations[a/b]`. */
  public key(k: string): FieldPath {
    return new FieldPath(this, k, 'key');
  }

  /** The rendered path. */
  public toString(): string {
    const parts: string[] = [];
    for (let p: FieldPath | undefined = this; p !== undefined; p = p.parent) {
      parts.push(p.segmentKind === 'field' && p.parent !== undefined ? `.${p.segment}` : p.segmentKind === 'field' ? p.segment : `[${p.segment}]`);
    }
    return parts.reverse().join('');
  }
}
