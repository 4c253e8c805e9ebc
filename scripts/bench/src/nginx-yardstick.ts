import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST, findFreePort, waitForUrl } from '@order-platform/platform-harness';

/** Where Debian puts nginx (`apt-get install nginx-light`): /usr/sbin is not on every user's PATH. */
const SEARCH = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];

export function findNginx(): string | undefined {
  for (const dir of SEARCH) {
    const candidate = path.join(dir, 'nginx');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The configuration nginx gets: one worker, keep-alive connections to the same instances as the
 * gateway, no access log (the gateway's is on, so nginx is the ceiling, not a fair twin) and the
 * same forwarded headers the gateway sets. Request and answer buffering stay nginx's defaults.
 */
export function nginxConfig(dir: string, port: number, instancePorts: number[]): string {
  const servers = instancePorts.map((instance) => `    server ${HOST}:${instance};`).join('\n');
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream order_service {
${servers}
    keepalive 256;
  }
  server {
    listen ${HOST}:${port};
    location /order-service/ {
      proxy_pass http://order_service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Request-Id $request_id;
    }
  }
}
`;
}

export interface RunningNginx {
  url: string;
  /** The worker's pid (it does the proxying; the master only supervises). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts nginx in front of the instances on a free port, in a directory of its own; ready when it answers. */
export async function startNginx(binary: string, instancePorts: number[], firstPort: number): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
  const port = await findFreePort(firstPort, { host: HOST });
  fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, instancePorts));
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://${HOST}:${port}`;
  try {
    await Promise.race([
      waitForUrl(`${url}/order-service/health_check`, { timeoutMs: 10_000 }),
      exited.then(() => {
        throw new Error(`nginx exited at start: ${output.trim().split('\n').slice(-3).join(' | ')}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const children = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/);
  return { url, pid: Number(children[0]) || child.pid!, stop };
}
