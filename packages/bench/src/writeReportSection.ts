import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Puts `section` (which starts with `start` and ends with `end`) in place of the text between those markers in
 * `file`, or at its end when they are missing: how a section measured alone replaces its part of the report.
 */
export function writeReportSection(file: string, start: string, end: string, section: string): void {
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  writeFileSync(file, from === -1 || to === -1 ? `${text.trimEnd()}\n\n${section}\n` : `${text.slice(0, from)}${section}${text.slice(to + end.length)}`);
}
