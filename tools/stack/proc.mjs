// Small process helpers for the stack scripts: timed steps, child processes with log files and
// pid files (so a crashed run's leftovers are cleaned up next time), and readiness polling.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

export function step(title, fn) {
  const started = Date.now();
  process.stdout.write(`▶ ${title}\n`);
  const result = fn();
  const finish = (msg) => {
    process.stdout.write(`  ✓ ${msg ?? 'done'} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
    return msg;
  };
  return result instanceof Promise ? result.then(finish) : finish(result);
}

export function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const children = new Set();

/** Start a long-running child; stdout/stderr go to logFile; pid recorded in pidDir/name.pid. */
export function startProcess({ name, command, args, env, cwd, logFile, pidDir }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.mkdirSync(pidDir, { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const pidFile = path.join(pidDir, `${name}.pid`);
  fs.writeFileSync(pidFile, String(child.pid));
  const entry = { name, child, pidFile, logFile, exited: false };
  child.on('exit', (code, signal) => {
    entry.exited = true;
    entry.exitCode = code;
    entry.signal = signal;
  });
  children.add(entry);
  return entry;
}

/** Whether a process with this pid still exists. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kill processes left behind by an earlier run of the same profile (their pid files survive a crash). */
export async function killStale(pidDir) {
  if (!fs.existsSync(pidDir)) return;
  for (const f of fs.readdirSync(pidDir)) {
    const pid = Number(fs.readFileSync(path.join(pidDir, f), 'utf8'));
    if (pid && alive(pid)) {
      process.stdout.write(`  stopping leftover ${f.replace(/\.pid$/, '')} (pid ${pid})\n`);
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone */
        }
      }
      await waitUntil(() => !alive(pid), 15000).catch(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      });
    }
    fs.rmSync(path.join(pidDir, f), { force: true });
  }
}

export async function stopProcess(entry, timeoutMs = 20000) {
  if (!entry.exited) {
    try {
      process.kill(-entry.child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await waitUntil(() => entry.exited, timeoutMs).catch(() => {
      try {
        process.kill(-entry.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    });
  }
  fs.rmSync(entry.pidFile, { force: true });
  children.delete(entry);
}

export async function stopAll() {
  // reverse start order: services first, servers last
  for (const entry of [...children].reverse()) await stopProcess(entry);
}

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitUntil(check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`);
}

export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Wait for a child to accept connections, failing fast (with its log) if it dies first. */
export async function waitForPort(entry, port, timeoutMs) {
  await waitUntil(async () => {
    if (entry.exited)
      throw Object.assign(new Error(`${entry.name} exited (code ${entry.exitCode}); log:\n${tail(entry.logFile)}`), {
        fatal: true,
      });
    return portOpen(port);
  }, timeoutMs).catch((e) => {
    throw new Error(
      `${entry.name} did not open port ${port}: ${e.message}\n--- ${entry.logFile} ---\n${tail(entry.logFile)}`,
    );
  });
}
