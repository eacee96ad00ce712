import { BUNDLE_ENTRIES, measureBundleSize } from '../measureBundleSize.js';
for (const e of BUNDLE_ENTRIES) { const s = await measureBundleSize(e.source); console.log(e.id, s.minified, s.gzipped, e.id.startsWith('core') ? JSON.stringify(s.inputs) : ''); }
