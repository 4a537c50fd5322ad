// Every relative link of README.md and docs/*.md resolves: the file or folder exists, and an
// anchor (`#section`, `page.md#section`) names a heading of that page as GitHub makes its anchors.
// And the README links every page of docs/, so a page cannot be left unreachable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Pages the README links before they exist (another branch writes them). Each must leave this list
 * when it lands: the test below fails once the file exists, so its anchors get checked from then on.
 */
const PENDING_PAGES = new Set(['docs/architecture.md']);

const PAGES = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** A page's text outside fenced code blocks, where links and headings are. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/**
 * The anchors GitHub gives a page's headings: the text without markup, lower-cased, every character
 * but letters, digits, spaces, `-` and `_` dropped, spaces made `-`; a repeated anchor gets `-1`, `-2`.
 */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(text)) {
    const heading = /^#{1,6} (.+?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const plain = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const anchor = plain.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(anchor) ?? 0;
    seen.set(anchor, count + 1);
    anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
  }
  return anchors;
}

/** The targets of a page's markdown links and images (`[text](target)`), outside code. */
function linkTargets(text: string): string[] {
  return prose(text).flatMap((line) => {
    const withoutCode = line.replace(/`[^`]*`/g, '');
    return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
  });
}

describe('markdown links', () => {
  it('finds the headings and links GitHub would', () => {
    const sample = '# Where traces come from: `traces_source`\n## 4. Check `/health`\n## Notes\n## Notes\n```\n# not a heading [x](nowhere.md)\n```\nSee [a](b.md#c) and ![d](e.png "title"), not `[f](g.md)`.';
    expect([...headingAnchors(sample)]).toEqual(['where-traces-come-from-traces_source', '4-check-health', 'notes', 'notes-1']);
    expect(linkTargets(sample)).toEqual(['b.md#c', 'e.png']);
  });

  it.each(PAGES)('of %s resolve, anchors included', (page) => {
    const broken: string[] = [];
    for (const target of linkTargets(readFileSync(page, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not ours to check
      const [path, anchor] = target.split('#', 2) as [string, string | undefined];
      const file = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path)));
      if (PENDING_PAGES.has(file)) {
        if (anchor !== undefined) broken.push(`${target}: an anchor into a page that does not exist yet`);
        continue;
      }
      if (!existsSync(file)) {
        broken.push(`${target}: no such file ${file}`);
        continue;
      }
      if (anchor !== undefined && !(file.endsWith('.md') && headingAnchors(readFileSync(file, 'utf8')).has(anchor))) {
        broken.push(`${target}: no heading #${anchor} in ${file}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('reach every page of docs/ from the README', () => {
    const linked = new Set(linkTargets(readFileSync('README.md', 'utf8')).map((target) => normalize(target.split('#')[0]!)));
    expect([...PAGES.filter((page) => page !== 'README.md'), ...PENDING_PAGES].filter((page) => !linked.has(page))).toEqual([]);
  });

  it.each([...PENDING_PAGES])('%s is still pending (once it exists, take it off PENDING_PAGES)', (page) => {
    expect(existsSync(page), `${page} exists: remove it from PENDING_PAGES so its links and anchors are checked`).toBe(false);
  });
});
