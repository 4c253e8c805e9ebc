import fs from 'node:fs';

/**
 * One drill at a time per state directory: a second one would wipe the first one's state, stop its
 * broker and worker (their pid files live there) and take its ports. The lock is a file holding the
 * drill's pid, made with O_EXCL; one left by a drill that died (its pid is gone) is taken over.
 * Answers the pid of the drill that holds it, or undefined once this process holds it (until it exits).
 */
export function claimDrillLock(file: string): number | undefined {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      process.once('exit', () => {
        if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
      });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(file);
      if (holder !== undefined && isAlive(holder)) return holder;
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the drill lock ${file}: it changed hands while this drill looked`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // Removed meanwhile: nobody holds it.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
