import type { Finding } from '../validation/field-error';

/** One resolved API object of a cdk8s app, as cdk8s renders it. */
export interface ResolvedObject {
  /**
   * The construct path the object is reported under: the path of the construct that owns it
   * (`example/api` for the `Resource` child of AppService `api` in chart `example`).
   */
  readonly constructPath: string;
  /** The stem of the output file the object goes to (`example` → `example.k8s.yaml`). */
  readonly chart: string;
  /** The manifest, exactly as `chart.toJson()` renders it. */
  readonly manifest: Record<string, unknown>;
  /**
   * Problems the owning construct found that the manifest cannot show (e.g. a port shorthand
   * that did not parse), with field paths into the manifest.
   * @default - none
   */
  readonly constructFindings?: readonly Finding[];
  /**
   * Maps a validator or cross-object finding about `manifest` to the construct's own terms, or
   * drops it (`undefined`) when it only restates one of `constructFindings` (AppService leaves
   * unparseable port shorthands out of the manifest, so `spec.ports[i]` of the manifest may be
   * port `j` of the user's list).
   * @default - findings are used as they are
   */
  readonly mapFinding?: (finding: Finding) => Finding | undefined;
}

/** A finding about one object of an app, with the construct path it is reported under. */
export interface ObjectFinding {
  /** The construct path of the object, e.g. `example/api`. */
  readonly constructPath: string;
  /** The finding, with its field path into the manifest. */
  readonly finding: Finding;
}
