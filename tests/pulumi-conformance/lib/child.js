'use strict';
// A child process whose output is captured completely (the canary scan reads all of it) and which is always
// killed when the test process ends, even after a failed assertion or an uncaught error.
const { spawn } = require('node:child_process');

const live = new Set();
function killAllSync() {
  for (const c of live) { try { c.proc.kill('SIGKILL'); } catch { /* already gone */ } }
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAllSync(); process.exit(130); });

class Child {
  constructor(name, command, args, options = {}) {
    this.name = name;
    this.stdout = '';
    this.stderr = '';
    this.exit = null; // { code, signal } once ended
    this.proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    live.add(this);
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => { this.stdout += d; this._poke(); });
    this.proc.stderr.on('data', (d) => { this.stderr += d; this._poke(); });
    this._waiters = new Set();
    this.exited = new Promise((resolve) => {
      this.proc.on('error', (err) => { this.spawnError = err; this._poke(); resolve({ code: null, signal: null, error: err }); });
      this.proc.on('close', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        this._poke();
        resolve(this.exit);
      });
    });
  }

  _poke() { for (const w of [...this._waiters]) w(); }

  /** Resolves with fn()'s first truthy result; rejects if the process ends first or on timeout. */
  waitFor(what, fn, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let r;
        try { r = fn(); } catch (e) { done(); reject(e); return; }
        if (r) { done(); resolve(r); return; }
        if (this.exit || this.spawnError) {
          done();
          reject(new Error(`${this.name} ended (${JSON.stringify(this.exit)}${this.spawnError ? ' ' + this.spawnError.message : ''}) before ${what}.\n` +
            `stdout:\n${this.stdout}\nstderr:\n${this.stderr.slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no ${what} after ${timeoutMs} ms.\nstdout:\n${this.stdout}\nstderr:\n${this.stderr.slice(-4000)}`));
      }, timeoutMs);
      const done = () => { clearTimeout(timer); this._waiters.delete(check); };
      this._waiters.add(check);
      check();
    });
  }

  /** Ask politely (the engine sends SIGINT), then SIGKILL after graceMs. Resolves with the exit info. */
  async stop(signal = 'SIGINT', graceMs = 5000) {
    if (this.exit) return this.exit;
    try { this.proc.kill(signal); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { this.proc.kill('SIGKILL'); } catch { /* gone */ } }, graceMs);
    const r = await this.exited;
    clearTimeout(timer);
    return r;
  }
}

module.exports = { Child };
