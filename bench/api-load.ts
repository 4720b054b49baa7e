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

function run(job: LoadJob, url: string, offset: number): Promise<autocannon.Result> {
  let i = offset;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}${job.path}`, connections: Math.max(1, Math.round(job.connections / job.urls.length)), method: 'POST',
        ...(job.amount ? { amount: Math.ceil(job.amount / job.urls.length) } : { duration: job.seconds }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
        requests: [{ setupRequest: (req) => ({ ...req, body: job.bodies[i++ % job.bodies.length] }) }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
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
