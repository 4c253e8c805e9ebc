// Preloaded with NODE_OPTIONS="--import <this file>" by `pnpm bench -- --profile` (Node 20 does
// not accept --cpu-prof in NODE_OPTIONS): the same V8 sampling profile, written at exit to
// $BENCH_CPU_PROFILE_DIR/CPU.<pid>.cpuprofile. The in-thread inspector session answers
// synchronously, so the 'exit' handler can still stop the profiler and write the file.
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
