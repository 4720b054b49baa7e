/**
 * The API benchmark's load generator, run as its own process (bench/api.ts forks it) so that its CPU
 * use on this small machine is measured apart from the server's. Takes one job over IPC, runs
 * autocannon with a different request body each time, and answers the result and its own CPU time
 * (autocannon's included, not the starting of this process).
 */
import autocannon from 'autocannon';

export interface LoadJob {
  urls: string[];
  path: string;
  connections: number;
  /** How long to load; or `amount`: how many requests to send, then stop. */
  seconds: number;
  amount?: number;
  token: string;
  /** Request bodies, sent in turn (each already JSON). */
  bodies: string[];
}

export interface LoadAnswer {
  results: autocannon.Result[];
  /** CPU the load generator itself used, in milliseconds. */
  cpuMs: number;
}

/**
 * autocannon with a shared pool of requests: every connection takes the next body until `amount` have
 * been sent, so no connection sits idle while another still has work (autocannon's own `amount` gives each
 * connection a fixed share, and a faster server process then runs out first). Samples every 10 ms, so the
 * run's duration ends when its work does (at the default 1 s a run's duration rounds up to whole seconds).
 * The run stops when `amount` requests have been answered; the few sent meanwhile (bodies again from the
 * start, at most one per connection) are not counted, their CPU is.
 */
function run(job: LoadJob, url: string, offset: number): Promise<autocannon.Result> {
  const amount = job.amount ? Math.ceil(job.amount / job.urls.length) : 0;
  let sent = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}${job.path}`, connections: Math.max(1, Math.round(job.connections / job.urls.length)), method: 'POST',
        duration: amount ? 3600 : job.seconds, sampleInt: 10,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
        requests: [{
          setupRequest: (req) => ({ ...req, body: job.bodies[(offset + sent++) % job.bodies.length] }),
        }],
      },
      (err, r) => (err ? reject(err) : resolve(amount ? { ...r, requests: { ...r.requests, total: Math.min(r.requests.total, amount) } } : r)),
    );
    let answered = 0;
    if (amount) instance.on('response', () => { if (++answered === amount) instance.stop(); });
  });
}

// Loaded and ready: the parent starts its CPU accounting now, so that starting this process is left out.
process.send!('ready');
process.once('message', async (job: LoadJob) => {
  const cpu = process.cpuUsage();
  // Each server gets its own stretch of the bodies, so two servers are not asked the same names in step.
  const results = await Promise.all(job.urls.map((url, k) => run(job, url, Math.floor((k * job.bodies.length) / job.urls.length))));
  const used = process.cpuUsage(cpu);
  process.send!({ results, cpuMs: (used.user + used.system) / 1000 } satisfies LoadAnswer, () => process.exit(0));
});
