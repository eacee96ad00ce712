// A process contending for a data folder's lock, for dataFolderLock.test.ts:
//   node --import tsx lockContender.ts <folder> [<pause when stale, ms>]
// Once loaded it prints `ready` and reads the instant to try at (epoch ms) as a line on stdin, so several
// contenders, all loaded, try at once; it then prints `acquired <pid>`, `refused <owner pid>` or
// `failed <error>`, and, when it holds the lock, releases it once stdin closes.
import { DataFolderInUseError, lockDataFolder } from '../../cli/dataFolderLock.js';

const [folder, pauseWhenStale] = process.argv.slice(2);
process.stdin.setEncoding('utf8');
let input = '';
const startAt = await new Promise<number>((resolve) => {
  process.stdin.on('data', (part: string) => {
    input += part;
    if (input.includes('\n')) resolve(Number(input.split('\n')[0]));
  });
  process.stdout.write('ready\n');
});
while (Date.now() < startAt) {
  // Busy-wait for the last few milliseconds: a timer would let the contenders drift apart by milliseconds.
}
try {
  const lock = lockDataFolder(folder!, pauseWhenStale === undefined ? {} : { pauseWhenStale: Number(pauseWhenStale) });
  process.stdout.write(`acquired ${process.pid}\n`);
  process.stdin.on('end', () => {
    lock.release();
    process.exit(0);
  });
} catch (error) {
  if (error instanceof DataFolderInUseError) {
    process.stdout.write(`refused ${error.owner.pid} ${error.message}\n`);
    process.exit(3);
  }
  process.stdout.write(`failed ${String(error)}\n`);
  process.exit(1);
}
