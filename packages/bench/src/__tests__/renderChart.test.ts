import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart, type ChartBar } from '../renderChart.js';

function bar(label: string, group: ChartBar['group'], median: number): ChartBar {
  return { label, group, median, min: median / 2, max: median * 2 };
}

/** The x attribute and width of the bar rect titled `label`. */
function barGeometry(svg: string, label: string): { x: number; width: number } {
  const match = new RegExp(`<rect x="([\\d.]+)" y="[\\d.]+" width="([\\d.]+)"[^>]*><title>${label}:`).exec(svg);
  if (match === null) throw new Error(`no bar for ${label}`);
  return { x: Number(match[1]), width: Number(match[2]) };
}

describe('renderChart', () => {
  const svg = renderChart(
    [
      { title: 'Workload <1>', bars: [bar('faster', 'floor', 0.5), bar('core', 'core', 1), bar('slower', 'immutable', 100)] },
      { title: 'Workload 2', bars: [bar('much slower', 'different', 10_000)] },
    ],
    'Chart & title',
  );

  it('is one SVG document with one bar per contender and its title, escaped', () => {
    // Arrange / Act: rendered above

    // Assert
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<title>/g)).toHaveLength(4);
    expect(svg).toContain('Chart &amp; title');
    expect(svg).toContain('Workload &lt;1&gt;');
    expect(svg).not.toContain('Workload <1>');
  });

  it('draws slower contenders to the right of the core and faster ones to the left, longer when further', () => {
    // Arrange / Act
    const core = barGeometry(svg, 'core');
    const faster = barGeometry(svg, 'faster');
    const slower = barGeometry(svg, 'slower');
    const muchSlower = barGeometry(svg, 'much slower');

    // Assert: bars grow from the 1× line
    expect(faster.x + faster.width).toBeCloseTo(core.x, 0);
    expect(slower.x).toBeCloseTo(core.x, 0);
    expect(muchSlower.width).toBeGreaterThan(slower.width);
  });

  it('declares a height that holds every row', () => {
    // Arrange
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    const lowest = Math.max(...[...svg.matchAll(/ y="([\d.]+)"/g)].map((match) => Number(match[1])));

    // Act / Assert
    expect(height).toBeGreaterThan(lowest);
  });

  it('escapeXml escapes the five XML specials it must', () => {
    // Arrange / Act / Assert
    expect(escapeXml(`a & <b> "c"`)).toBe('a &amp; &lt;b&gt; &quot;c&quot;');
  });
});
