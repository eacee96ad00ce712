// A process contending for a data folder's lock, for dataFolderLock.test.ts:
//   node --import tsx lockContender.ts <folder> <start at, epoch ms> [<pause when stale, ms>]
// It tries at the given instant (so several contenders try at once), prints `acquired <pid>`,
// `refused <owner pid>` or `failed <error>`, and, when it holds the lock, releases it once stdin closes.
import { DataFolderInUseError, lockDataFolder } from '../../cli/dataFolderLock.js';

const [folder, startAt, pauseWhenStale] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // Busy-wait: a timer would let the contenders drift apart by milliseconds.
}
try {
  const lock = lockDataFolder(folder!, pauseWhenStale === undefined ? {} : { pauseWhenStale: Number(pauseWhenStale) });
  process.stdout.write(`acquired ${process.pid}\n`);
  process.stdin.resume().on('end', () => {
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
