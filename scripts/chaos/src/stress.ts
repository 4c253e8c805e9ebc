import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `--stress N`: N busy loops beside the platform for the whole drill, so that it also holds on a
 * machine slower or busier than the one it was written on (each loop takes one core whenever the
 * scheduler lets it). They die with the drill: stopped at clean-up, and each one exits by itself
 * once its parent is gone (its stdin closes).
 */
export class StressLoops {
  private readonly loops: ChildProcess[] = [];

  start(count: number): number[] {
    const program =
      "process.stdin.on('close', () => process.exit(0)).resume(); " +
      'setInterval(() => { const end = Date.now() + 100; while (Date.now() < end); }, 0);';
    for (let index = 0; index < count; index++) {
      const loop = spawn(process.execPath, ['-e', program], { stdio: ['pipe', 'ignore', 'ignore'] });
      this.loops.push(loop);
    }
    return this.loops.map((loop) => loop.pid ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.loops.map(
        (loop) =>
          new Promise<void>((resolve) => {
            if (loop.exitCode !== null || loop.signalCode !== null) return resolve();
            loop.once('exit', () => resolve());
            loop.kill('SIGKILL');
          }),
      ),
    );
    this.loops.length = 0;
  }
}
