import * as fs from 'fs';
import GithubSlugger from 'github-slugger';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../support/build';

/**
 * Every relative link of README.md and docs/*.md reaches a file of the repository, and its
 * `#anchor`, when it has one, a heading of that file (anchors as GitHub makes them).
 */

const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].sort();

/** A page's text outside fenced code blocks and inline code, where links are links. */
function prose(text: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && m?.[1]) fence = m[1];
    else if (fence !== undefined && m?.[1]?.startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
    else lines.push(fence === undefined ? line.replace(/(`+)[^`]*?\1/g, '') : '');
  }
  return lines;
}

/** The anchors GitHub gives the headings of a Markdown file. */
function anchors(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const found = new Set<string>();
  let fence = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
    const h = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    // GitHub slugs the heading's text: inline code keeps its content, link syntax its text.
    if (h?.[1] !== undefined) found.add(slugger.slug(h[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')));
  }
  return found;
}

interface Link {
  readonly page: string;
  readonly line: number;
  readonly target: string;
}

function links(page: string): Link[] {
  const found: Link[] = [];
  prose(fs.readFileSync(path.join(ROOT, page), 'utf8')).forEach((text, i) => {
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)/g)) {
      const target = m[1] ?? m[2] ?? '';
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) found.push({ page, line: i + 1, target });
    }
  });
  return found;
}

/** Why a link is broken, or undefined when it is not. */
function broken(link: Link): string | undefined {
  const [file = '', anchor] = link.target.split('#', 2);
  const resolved = file === '' ? path.join(ROOT, link.page) : path.resolve(path.dirname(path.join(ROOT, link.page)), decodeURIComponent(file));
  if (!resolved.startsWith(`${ROOT}${path.sep}`) && resolved !== ROOT) return 'outside the repository';
  if (!fs.existsSync(resolved)) return 'no such file';
  if (anchor === undefined || anchor === '') return undefined;
  if (!resolved.endsWith('.md')) return 'an anchor in a file that is not Markdown';
  return anchors(resolved).has(decodeURIComponent(anchor)) ? undefined : `no heading with the anchor #${anchor}`;
}

describe('relative links', () => {
  test.each(PAGES)('%s', (page) => {
    const bad = links(page)
      .map((l) => [l, broken(l)] as const)
      .filter(([, why]) => why !== undefined)
      .map(([l, why]) => `${l.page}:${l.line}: ${l.target}: ${why ?? ''}`);
    expect(bad).toEqual([]);
  });

  test('the checker finds links, and sees broken files and anchors', () => {
    expect(links('README.md').map((l) => l.target)).toEqual(expect.arrayContaining(['docs/ci.md', 'LICENSE']));
    expect(broken({ page: 'README.md', line: 1, target: 'docs/no-such-page.md' })).toBe('no such file');
    expect(broken({ page: 'docs/cli.md', line: 1, target: '../README.md#install' })).toBeUndefined();
    expect(broken({ page: 'docs/cli.md', line: 1, target: '#no-such-heading' })).toBe('no heading with the anchor #no-such-heading');
    expect(broken({ page: 'docs/cli.md', line: 1, target: '../../etc/passwd' })).toBe('outside the repository');
  });

  test('anchors are made as GitHub makes them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-links-'));
    const file = path.join(dir, 'page.md');
    fs.writeFileSync(file, '# Title\n## A failed synth: `runApp`\n### `apply --dry-run=client|server`\n## Title\n```sh\n# not a heading\n```\n');
    expect([...anchors(file)]).toEqual(['title', 'a-failed-synth-runapp', 'apply---dry-runclientserver', 'title-1']);
  });
});
