/**
 * A Mosquitto broker for the MQTT sink's tests (tests/mqtt/mosquitto.sh installs it): on 127.0.0.1
 * at a free port, from a temporary config; anonymous, or with one user from a password file. It can
 * be stopped and started again on the same port, as a broker restart.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian puts the broker in /usr/sbin, which is not on every user's PATH. */
function executable(name: string, fallback: string): string {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || (existsSync(fallback) ? fallback : name);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function accepting(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await Promise.race([once(socket, 'connect'), once(socket, 'error').then(([err]) => Promise.reject(err))]);
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

export interface Broker {
  url: string;
  port: number;
  /** SIGTERM, and wait for it to exit (its retained messages go with it: no persistence). */
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
  /** SIGSTOP (a broker that hangs: connections stay open, nothing is answered) or SIGCONT. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

export async function startBroker(user?: { username: string; password: string }): Promise<Broker> {
  const dir = await mkdtemp(join(tmpdir(), 'floorplan-mosquitto-'));
  const port = await freePort();
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning'];
  // As root, Mosquitto drops to the `mosquitto` user, which cannot read a password file in our temporary folder.
  lines.push(`user ${userInfo().username}`);
  if (user) {
    const passwords = join(dir, 'passwords');
    const made = spawnSync(executable('mosquitto_passwd', '/usr/bin/mosquitto_passwd'), ['-b', '-c', passwords, user.username, user.password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr || made.error?.message}`);
    lines.push('allow_anonymous false', `password_file ${passwords}`);
  } else {
    lines.push('allow_anonymous true');
  }
  const config = join(dir, 'mosquitto.conf');
  await writeFile(config, `${lines.join('\n')}\n`);

  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    let output = '';
    const started = spawn(executable('mosquitto', '/usr/sbin/mosquitto'), ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout!.on('data', (chunk) => (output += String(chunk)));
    started.stderr!.on('data', (chunk) => (output += String(chunk)));
    child = started;
    const deadline = Date.now() + 10_000;
    while (!(await accepting(port))) {
      if (started.exitCode !== null || Date.now() > deadline) throw new Error(`mosquitto did not start on 127.0.0.1:${port} (run tests/mqtt/mosquitto.sh): ${output}`);
      await sleep(20);
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGCONT');
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop,
    start,
    signal: (signal) => void child?.kill(signal),
    close: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
