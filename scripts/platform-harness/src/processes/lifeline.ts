/**
 * Preloaded into every child the launcher starts (`--import`). Children run in their own process
 * group, so a terminal's Ctrl-C reaches only the launcher, which stops them in order. If the
 * launcher itself dies without stopping them (SIGKILL, a crash), the child is re-parented: it
 * notices and shuts itself down cleanly, so no orphan keeps a port.
 */
const launcherPid = process.ppid;
const watch = setInterval(() => {
  if (process.ppid !== launcherPid) {
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }
}, 500);
watch.unref();
