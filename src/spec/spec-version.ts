import { parseKubernetesVersion, type KubernetesVersion } from '../validation/versions';
import { loadSpecFile } from './load';

/**
 * The `kubernetesVersion` of the spec file at `file`, the patch dropped; undefined when it has none,
 * or when the file is missing or does not load (the command that reads it reports that).
 */
export async function specFileVersion(file: string): Promise<KubernetesVersion | undefined> {
  try {
    const version = (await loadSpecFile(file)).spec.kubernetesVersion;
    return version === undefined ? undefined : parseKubernetesVersion(version);
  } catch {
    return undefined;
  }
}
