import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { InfraConfig, InfraPaths } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { seconds, type Progress } from './progress.js';

const run = promisify(execFile);

/** Kafka 4.x needs Java 17. */
export async function checkJava(config: InfraConfig): Promise<string> {
  let output: string;
  try {
    const { stderr, stdout } = await run(config.JAVA, ['-version'], { timeout: 20_000 });
    output = `${stderr}${stdout}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InfraError(
        `No Java found (tried "${config.JAVA}").`,
        'Install a JDK or JRE 17 or newer (Debian: apt-get install openjdk-17-jre-headless), or point JAVA at one.',
      );
    }
    throw new InfraError(`"${config.JAVA} -version" failed: ${(error as Error).message}`);
  }
  const version = /version "([^"]+)"/.exec(output)?.[1] ?? 'unknown';
  const major = Number(version.startsWith('1.') ? version.split('.')[1] : version.split(/[.+-]/)[0]);
  if (!(major >= 17)) {
    throw new InfraError(
      `Java ${version} is too old: Kafka 4 needs Java 17 or newer (tried "${config.JAVA}").`,
      'Install openjdk-17 (or newer) and put it first on PATH, or set JAVA to its java executable.',
    );
  }
  return version;
}

/**
 * Fills infra/.cache from Maven Central through infra/pom.xml. Maven runs only when the pom
 * changed since the last successful run (a hash stamp), so a warm start costs nothing here.
 */
export async function ensureJars(
  config: InfraConfig,
  paths: InfraPaths,
  progress: Progress,
): Promise<'cached' | 'resolved'> {
  const pomHash = createHash('sha256').update(fs.readFileSync(paths.pom)).digest('hex');
  const stamp = fs.existsSync(paths.stamp) ? fs.readFileSync(paths.stamp, 'utf8').trim() : '';
  const present = [paths.lib, paths.plugins, paths.zipkinJar].every((file) => fs.existsSync(file));
  if (stamp === pomHash && present) return 'cached';

  await progress.step(
    'Resolving Kafka, Kafka Connect, the Debezium JDBC sink and Zipkin from Maven Central (first run: ~350 MB)',
    async () => {
      fs.rmSync(paths.lib, { recursive: true, force: true });
      fs.rmSync(paths.plugins, { recursive: true, force: true });
      fs.rmSync(path.dirname(paths.zipkinJar), { recursive: true, force: true });
      fs.rmSync(`${paths.cache}/markers`, { recursive: true, force: true });
      await runMaven(config, paths, progress);
    },
  );
  fs.writeFileSync(paths.stamp, `${pomHash}\n`);
  return 'resolved';
}

function runMaven(config: InfraConfig, paths: InfraPaths, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const output: string[] = [];
    const child = spawn(config.MVN, ['-B', '-ntp', '-f', paths.pom, 'package'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n'));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const heartbeat = setInterval(() => {
      const last = output.filter((line) => line.includes('[INFO]') && line.includes('---')).at(-1);
      progress.info(`maven running (${seconds(started)})${last ? `: ${last.replace(/\[INFO\]\s*/, '').trim()}` : ''}`);
    }, 10_000);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new InfraError(
              `No Maven found (tried "${config.MVN}"); it is needed once to fetch the Kafka jars into infra/.cache.`,
              'Install Apache Maven 3.8+ (Debian: apt-get install maven), or set MVN.',
            )
          : error,
      );
    });
    child.on('exit', (code) => {
      clearInterval(heartbeat);
      if (code === 0) return resolve();
      const errors = output.filter((line) => line.includes('[ERROR]')).slice(0, 8);
      reject(
        new InfraError(
          `Maven failed (exit ${code}) while resolving infra/pom.xml:\n` +
            (errors.length ? errors : output.slice(-15)).join('\n'),
          'Check that Maven Central is reachable (see ~/.m2/settings.xml for proxies/mirrors), ' +
            'then run pnpm infra:up again.',
        ),
      );
    });
  });
}

/** Which checkout started a process: infra:up names it when it meets that process from elsewhere. */
export function checkoutFlag(paths: InfraPaths): string {
  return `-Dorder.platform.checkout=${path.resolve(paths.cache, '..', '..')}`;
}

/** Standard JVM flags for our two processes; `role` picks the log file name and the pid marker. */
export function javaArgs(paths: InfraPaths, heapOpts: string, logsDir: string, logName: string): string[] {
  return [
    ...heapOpts.split(/\s+/).filter(Boolean),
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    checkoutFlag(paths),
    `-Dlog4j2.configurationFile=${paths.templates}/log4j2.properties`,
    `-Dkafka.logs.dir=${logsDir}`,
    `-Dlog.file.name=${logName}`,
    '-cp',
    `${paths.lib}/*`,
  ];
}
