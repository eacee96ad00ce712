import type { ContenderGroup } from './contenders.js';

/** One bar: a contender's time relative to the core, with its run-to-run spread. */
export interface ChartBar {
  readonly label: string;
  readonly group: ContenderGroup;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One workload's bars under a title. */
export interface ChartPanel {
  readonly title: string;
  readonly bars: readonly ChartBar[];
}

/** Colour and legend text of each contender group. */
export const GROUP_STYLES: Readonly<Record<ContenderGroup, { readonly color: string; readonly legend: string }>> = {
  core: { color: '#1f6feb', legend: 'core' },
  floor: { color: '#6e7781', legend: 'spine-copy floor' },
  immutable: { color: '#cf222e', legend: 'same semantics, immutable' },
  mutating: { color: '#bc4c00', legend: 'same semantics, mutates (raw)' },
  different: { color: '#8250df', legend: 'different semantics' },
};

const WIDTH = 960;
const LABEL_WIDTH = 330;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_WIDTH = WIDTH - PLOT_LEFT - 70;
const ROW = 18;
const PANEL_GAP = 34;
const TOP = 58;

/** Escapes text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatRatio(ratio: number): string {
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString('en-US')}×`;
  if (ratio >= 10) return `${ratio.toFixed(0)}×`;
  if (ratio >= 1) return `${ratio.toFixed(2)}×`;
  if (ratio >= 0.01) return `${ratio.toFixed(2)}×`;
  return `1/${Math.round(1 / ratio).toLocaleString('en-US')}×`;
}

function formatTick(exponent: number): string {
  if (exponent >= 0) return `${(10 ** exponent).toLocaleString('en-US')}×`;
  if (exponent >= -2) return `${10 ** exponent}×`;
  return `1/${(10 ** -exponent).toLocaleString('en-US')}×`;
}

/**
 * Draws a horizontal bar chart, one panel per workload, of each contender's
 * time per call relative to the core, on a log scale centred on 1× (the core):
 * bars to the right are slower than the core, bars to the left faster.
 * Whiskers show the run-to-run spread. Hand-written SVG, no dependencies.
 *
 * @param panels - the workloads to draw
 * @param title - the chart title
 * @returns a standalone SVG document
 */
export function renderChart(panels: readonly ChartPanel[], title: string): string {
  const ratios = panels.flatMap((panel) => panel.bars.flatMap((bar) => [bar.min, bar.max]));
  const lowExponent = Math.min(-1, Math.floor(Math.log10(Math.min(...ratios))));
  const highExponent = Math.max(1, Math.ceil(Math.log10(Math.max(...ratios))));
  const x = (ratio: number): number =>
    PLOT_LEFT + ((Math.log10(ratio) - lowExponent) / (highExponent - lowExponent)) * PLOT_WIDTH;
  const parts: string[] = [
    `<text x="10" y="20" font-size="15" font-weight="600" fill="#1f2328">${escapeXml(title)}</text>`,
  ];
  let legendX = 10;
  for (const style of Object.values(GROUP_STYLES)) {
    parts.push(`<rect x="${legendX}" y="32" width="10" height="10" fill="${style.color}"/>`);
    parts.push(`<text x="${legendX + 14}" y="41" fill="#1f2328">${escapeXml(style.legend)}</text>`);
    legendX += 30 + style.legend.length * 7;
  }
  let y = TOP;
  for (const panel of panels) {
    y += PANEL_GAP;
    const panelTop = y - 8;
    const panelBottom = y + panel.bars.length * ROW;
    parts.push(`<text x="10" y="${y - 14}" font-weight="600" fill="#1f2328">${escapeXml(panel.title)}</text>`);
    for (let exponent = lowExponent; exponent <= highExponent; exponent++) {
      const gridX = x(10 ** exponent).toFixed(1);
      parts.push(
        `<line x1="${gridX}" y1="${panelTop}" x2="${gridX}" y2="${panelBottom}" stroke="${exponent === 0 ? '#1f6feb' : '#d0d7de'}" stroke-width="${exponent === 0 ? 1.5 : 1}"/>`,
      );
      parts.push(
        `<text x="${gridX}" y="${panelBottom + 11}" font-size="10" text-anchor="middle" fill="#57606a">${escapeXml(formatTick(exponent))}</text>`,
      );
    }
    for (const bar of panel.bars) {
      const color = GROUP_STYLES[bar.group].color;
      const from = x(1);
      const to = x(bar.median);
      const barY = y + 3;
      parts.push(
        `<text x="${LABEL_WIDTH}" y="${barY + 10}" text-anchor="end"${bar.group === 'core' ? ' font-weight="600"' : ''} fill="#1f2328">${escapeXml(bar.label)}</text>`,
      );
      parts.push(
        `<rect x="${Math.min(from, to).toFixed(1)}" y="${barY}" width="${Math.max(Math.abs(to - from), 2).toFixed(1)}" height="${ROW - 6}" fill="${color}"><title>${escapeXml(`${bar.label}: ${formatRatio(bar.median)} the core's time (runs: ${formatRatio(bar.min)}–${formatRatio(bar.max)})`)}</title></rect>`,
      );
      const whiskerY = (barY + (ROW - 6) / 2).toFixed(1);
      parts.push(
        `<line x1="${x(bar.min).toFixed(1)}" y1="${whiskerY}" x2="${x(bar.max).toFixed(1)}" y2="${whiskerY}" stroke="#1f2328" stroke-width="1"/>`,
      );
      parts.push(
        `<text x="${(Math.max(from, to, x(bar.max)) + 4).toFixed(1)}" y="${barY + 10}" font-size="11" fill="#1f2328">${escapeXml(formatRatio(bar.median))}</text>`,
      );
      y += ROW;
    }
    y += 14;
  }
  const height = y + 36;
  parts.unshift(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  );
  parts.push(
    `<text x="10" y="${height - 10}" font-size="11" fill="#57606a">Time per call relative to the core in the same process (log scale; 1× = core, right = slower). Whiskers: spread over runs.</text>`,
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
