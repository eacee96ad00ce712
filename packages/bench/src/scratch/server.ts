import { measureServerThroughput } from '../measureServerThroughput.js';
console.log(JSON.stringify(await measureServerThroughput({ seconds: 3, warmupSeconds: 1, connections: 16 }), null, 1));
