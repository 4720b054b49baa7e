import { spawn, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** The first administrator's password, when this process created it. */
  adminPassword?: string;
  stop(): Promise<number | null>;
}

/** Starts `bulwark serve` as a real process on a free port and waits for it to print its address. */
export function startServerProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, BULWARK_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the server did not start in time:\n${out}`));
    }, timeoutMs);
    proc.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
    proc.stdout!.on('data', () => {
      const m = out.match(/serving at (http:\/\/[^/\s]+)\//);
      if (!m) return;
      clearTimeout(timer);
      const pw = out.match(/with the password\n\n\s+(\S+)\n/);
      resolve({
        url: m[1],
        proc,
        output: () => out,
        ...(pw ? { adminPassword: pw[1] } : {}),
        stop: () =>
          new Promise((done) => {
            if (proc.exitCode !== null) return done(proc.exitCode);
            proc.removeAllListeners('exit');
            proc.on('exit', (code) => done(code));
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}
