// Checks the relative links of Markdown pages: the linked file exists and the
// `#anchor` names a heading (as GitHub slugs it) or an explicit `<a id>`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown page defines: heading slugs (numbered when repeated) and `<a id|name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const marker = /^ *(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading !== null) {
      const slug = headingSlug(heading[1]!);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  }
  return anchors;
}

/**
 * The broken relative links of one page: links to a missing file, or to an
 * anchor the target page does not define, or (with `within`) out of that folder.
 * External links are not checked.
 *
 * @param root - the repository root, for messages
 * @param file - the page's absolute path
 * @param within - a folder the links must stay in, such as a package as installed: what lies
 *   beyond it is not there on a registry page or in node_modules
 * @returns one message per broken link, as `<file>:<line>: <link>`
 */
export function brokenLinks(root: string, file: string, within?: string): string[] {
  const broken: string[] = [];
  const markdown = readFileSync(file, 'utf8');
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((line, index) => {
    const marker = /^ *(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence !== undefined) return;
    // Inline code is not a link.
    const text = line.replace(/`[^`]*`/g, '');
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [path = '', anchor] = target.split('#');
      const targetFile = path === '' ? file : join(dirname(file), decodeURIComponent(path));
      const where = `${relative(root, file)}:${index + 1}: ${target}`;
      if (within !== undefined) {
        const fromWithin = relative(within, targetFile);
        if (fromWithin.startsWith('..') || isAbsolute(fromWithin)) {
          broken.push(`${where} (outside ${relative(root, within)})`);
          continue;
        }
      }
      if (!existsSync(targetFile)) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (anchor === undefined || anchor === '' || !targetFile.endsWith('.md')) continue;
      if (!anchorsOf(readFileSync(targetFile, 'utf8')).has(decodeURIComponent(anchor))) {
        broken.push(`${where} (no such anchor)`);
      }
    }
  });
  return broken;
}
