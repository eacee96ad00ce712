import { writeFileSync } from 'node:fs';
import { renderChart } from '../renderChart.js';
const bar = (label: string, group: any, m: number) => ({ label, group, median: m, min: m * 0.8, max: m * 1.3 });
writeFileSync('/tmp/c.svg', renderChart([
  { title: '1. a', bars: [bar('raw', 'mutating', 0.4), bar('floor', 'floor', 0.5), bar('core', 'core', 1), bar('x', 'immutable', 12), bar('y', 'different', 34)] },
  { title: '3. b', bars: [bar('raw', 'mutating', 0.0001), bar('core', 'core', 1), bar('x & <y>', 'immutable', 7000)] },
], 'title'));
