/**
 * The yaml library, loaded on first use. The fast readers (JSON and block YAML) never need it, so a
 * run whose inputs they read does not pay for loading it (about a third of `node` start-up).
 */
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/** The `yaml` module. */
export function yamlLibrary(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (loaded ??= require('yaml') as typeof Yaml);
}
