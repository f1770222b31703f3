import type * as YAML from 'yaml';

/**
 * What the emitter needs to know about the YAML 1.1 schema yaml@2 writes with under cdk8s's
 * options, written down so that emitting never loads yaml@2 (cdk8s loads its own bundled copy).
 * {@link schemaFacts} derives the same facts from a yaml@2 module; the tests check that both the
 * project's yaml@2 and the copy bundled in cdk8s agree with these constants.
 */

/** The options cdk8s passes to yaml@2 for every document it writes. */
export const CDK8S_STRINGIFY_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * The source of a regular expression matching every plain scalar the schema reads as something
 * other than a string (null, bool, int, float, merge key, sexagesimal, timestamp): the schema's
 * own tag tests, in schema order, joined as alternatives.
 */
export const NON_STRING_SCALAR_SOURCE =
  '(?:^(?:~|[Nn]ull|NULL)?$)|(?:^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$)|(?:^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$)|' +
  '(?:^[-+]?0b[0-1_]+$)|(?:^[-+]?0[0-7_]+$)|(?:^[-+]?[0-9][0-9_]*$)|(?:^[-+]?0x[0-9a-fA-F_]+$)|' +
  '(?:^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$)|(?:^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$)|' +
  '(?:^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$)|(?:^<<$)|(?:^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$)|' +
  '(?:^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*$)|' +
  '(?:^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$)';

/**
 * The string the schema's merge tag claims: yaml@2 writes it with that tag, plain (unquoted), as a
 * key and as a value alike.
 */
export const MERGE_KEY = '<<';

/** The facts above, as derived from a yaml@2 module. */
export interface SchemaFacts {
  /** {@link NON_STRING_SCALAR_SOURCE} as the module's schema gives it. */
  readonly nonStringScalarSource: string;
  /** Whether the module writes {@link MERGE_KEY} plain through its merge tag. */
  readonly mergeKeyPlain: boolean;
}

/** Derives the schema facts from a yaml@2 module (the project's, or the copy cdk8s bundles). */
export function schemaFacts(yaml: typeof YAML): SchemaFacts {
  const schema = new yaml.Document(null, CDK8S_STRINGIFY_OPTIONS).schema;
  const tags = [...schema.tags, ...(schema.compat ?? [])];
  const sources: string[] = [];
  for (const tag of tags) {
    const test: unknown = 'test' in tag ? tag.test : undefined;
    if (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && test instanceof RegExp) {
      sources.push(test.flags === '' ? `(?:${test.source})` : `(?:/${test.source}/${test.flags})`);
    }
  }
  return {
    nonStringScalarSource: sources.join('|'),
    mergeKeyPlain: schema.tags.some((tag) => tag.tag === 'tag:yaml.org,2002:merge' && tag.identify?.(MERGE_KEY) === true),
  };
}
