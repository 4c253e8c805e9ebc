import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

export interface ProcessUsage {
  /** Resident set in MiB. */
  rssMiB: number;
}

export interface WindowUsage {
  /** Largest resident set seen during the window, MiB. */
  peakRssMiB: number;
  /** CPU used during the window, in cores (1 = one core busy the whole time). */
  cpuCores: number;
}

function readRssMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Busy ticks of the whole machine (all cores, user + system + the like; not idle or iowait). */
function machineBusyTicks(): number {
  const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu!.trim().split(/\s+/).map(Number);
  return user + nice + system + irq + softirq + steal;
}

function readCpuTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Resident set and CPU of named processes, read from /proc (Linux). `measure` samples every
 * second while a piece of work runs and reports each process's peak RSS and the cores it used.
 */
export class ProcessSampler {
  private readonly pids = new Map<string, number>();

  watch(name: string, pid: number | undefined): void {
    if (pid !== undefined) this.pids.set(name, pid);
  }

  forget(name: string): void {
    this.pids.delete(name);
  }

  names(): string[] {
    return [...this.pids.keys()];
  }

  snapshot(): Record<string, ProcessUsage> {
    const result: Record<string, ProcessUsage> = {};
    for (const [name, pid] of this.pids) {
      const rssMiB = readRssMiB(pid);
      if (rssMiB !== undefined) result[name] = { rssMiB };
    }
    return result;
  }

  /**
   * Runs `work` and reports, per watched process, its peak RSS and the cores it used, plus
   * `othersCpuCores`: what every process NOT watched used meanwhile (on a shared machine, the
   * noise a figure was measured in).
   */
  async measure<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; usage: Record<string, WindowUsage>; elapsedS: number; othersCpuCores: number }> {
    const startTicks = new Map<string, number>();
    const peaks = new Map<string, number>();
    const sample = () => {
      for (const [name, pid] of this.pids) {
        if (!startTicks.has(name)) {
          const ticks = readCpuTicks(pid);
          if (ticks !== undefined) startTicks.set(name, ticks);
        }
        const rss = readRssMiB(pid);
        if (rss !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, rss));
      }
    };
    const started = performance.now();
    const machineStart = machineBusyTicks();
    sample();
    const timer = setInterval(sample, 1000);
    try {
      const result = await work();
      const elapsedS = (performance.now() - started) / 1000;
      const machineCores = (machineBusyTicks() - machineStart) / TICKS_PER_S / elapsedS;
      const usage: Record<string, WindowUsage> = {};
      let watchedCores = 0;
      for (const [name, pid] of this.pids) {
        const end = readCpuTicks(pid);
        const begin = startTicks.get(name);
        if (end === undefined || begin === undefined) continue;
        const cores = (end - begin) / TICKS_PER_S / elapsedS;
        watchedCores += cores;
        usage[name] = { peakRssMiB: peaks.get(name) ?? 0, cpuCores: Math.round(cores * 100) / 100 };
      }
      return {
        result,
        usage,
        elapsedS,
        othersCpuCores: Math.max(0, Math.round((machineCores - watchedCores) * 100) / 100),
      };
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Waits, up to `maxS` seconds, for a 2-second window in which the processes not watched use less
   * than `thresholdCores`: on a shared machine, runs then start in a lull instead of in another
   * job's burst. Resolves the seconds waited.
   */
  async waitQuiet(maxS: number, thresholdCores: number): Promise<number> {
    const started = performance.now();
    while ((performance.now() - started) / 1000 < maxS) {
      const { othersCpuCores } = await this.measure(() => new Promise((resolve) => setTimeout(resolve, 2000)));
      if (othersCpuCores < thresholdCores) break;
    }
    return Math.round((performance.now() - started) / 100) / 10;
  }
}
