import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config.js';
import { startTestServer } from '../support/server.js';
import { dockerfileStages } from '../support/dockerfile.js';

// CI cannot run Docker: the image, compose and Prometheus files are checked by reading them, and
// the image's contents by running them (deployment-image.test.ts).
const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true });
const services = compose.services as Record<string, any>;
const INSTANCES = ['switchboard-1', 'switchboard-2'];

/** Compose's ${NAME:-default} and ${NAME:?error} against the given environment. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    if (env[name]) return env[name];
    if (op === '?') throw new Error(`compose stops: ${arg}`);
    return arg ?? '';
  });
}
const environment = (service: string, env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(services[service].environment as Record<string, string>).map(([k, v]) => [k, interpolate(String(v), env)]),
  );

/** host path -> container path of a service's bind mounts. */
function mounts(service: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of services[service].volumes ?? []) {
    const [from, to] = String(v).split(':');
    if (from.startsWith('.')) out.set(path.normalize(from), to);
  }
  return out;
}

describe('deployment files: compose.yaml', () => {
  it('runs PostgreSQL, two Switchboard instances, the proxy and Prometheus, each with a healthcheck', () => {
    expect(Object.keys(services)).to.have.members(['postgres', ...INSTANCES, 'proxy', 'prometheus']);
    for (const [name, s] of Object.entries(services)) {
      expect(s.healthcheck?.test, `${name} healthcheck`).to.be.an('array').that.is.not.empty;
      expect(s.restart, `${name} restart policy`).to.equal('unless-stopped');
    }
    for (const name of INSTANCES) {
      expect(services[name].build).to.equal('.');
      // Readiness gates depends_on (compose never restarts on it); the image's own check is liveness.
      expect(services[name].healthcheck.test.join(' ')).to.include('http://127.0.0.1:3000/ready');
      expect(services[name].depends_on.postgres.condition).to.equal('service_healthy');
    }
    expect(services.proxy.healthcheck.test.join(' ')).to.include('http://127.0.0.1:8080/ready');
    expect(services.proxy.depends_on).to.deep.equal(Object.fromEntries(INSTANCES.map((i) => [i, { condition: 'service_healthy' }])));
  });

  it('gives both instances one valid configuration on the compose database; the auth token is required', () => {
    const env = { TWILIO_AUTH_TOKEN: 'compose-test-token-123' };
    const [one, two] = INSTANCES.map((i) => environment(i, env));
    expect(one).to.deep.equal(two);
    const config = parseConfig(one);
    expect(config).to.deep.include({
      port: 3000,
      logFormat: 'json',
      twilioAuthToken: env.TWILIO_AUTH_TOKEN,
      flowsDir: '/app/flows',
      signatureCheck: true,
    });
    const db = new URL(config.databaseUrl!);
    const pg = environment('postgres', {});
    expect([db.hostname, db.port, db.username, db.password, db.pathname]).to.deep.equal([
      'postgres',
      '5432',
      pg.POSTGRES_USER,
      pg.POSTGRES_PASSWORD,
      `/${pg.POSTGRES_DB}`,
    ]);
    expect(() => environment('switchboard-1', {})).to.throw('set TWILIO_AUTH_TOKEN');
  });

  it('mounts only files that exist in the repository', () => {
    for (const name of Object.keys(services))
      for (const from of mounts(name).keys()) expect(existsSync(path.join(ROOT, from)), `${name}: ${from}`).to.equal(true);
  });

  it('the proxy sends to every instance in round robin (no stickiness) and does not expose /metrics', () => {
    const confFile = [...mounts('proxy')].find(([, to]) => to === '/etc/nginx/nginx.conf')![0];
    const conf = read(confFile);
    const upstream = /upstream switchboard \{([^}]*)\}/.exec(conf)![1];
    const servers = [...upstream.matchAll(/^\s*server (\S+)/gm)].map((m) => m[1]);
    expect(servers).to.have.members(INSTANCES.map((i) => `${i}:${environment(i, { TWILIO_AUTH_TOKEN: 'x' }).PORT}`));
    expect(upstream).not.to.match(/\b(ip_hash|hash|sticky|least_conn|random)\b/);
    expect(conf).to.match(/proxy_pass http:\/\/switchboard;/);
    expect(conf).to.match(/location = \/metrics \{\s*return 404;/);
    expect(conf, 'server-sent events are not buffered').to.include('proxy_buffering off;');
    const published = services.proxy.ports.map((p: string) => interpolate(p, {}));
    expect(published).to.deep.equal([`8080:${/listen (\d+);/.exec(conf)![1]}`]);
  });

  it('Prometheus scrapes each instance directly and loads the alerting rules', () => {
    const files = mounts('prometheus');
    const configFile = [...files].find(([, to]) => to === '/etc/prometheus/prometheus.yml')![0];
    expect(services.prometheus.command).to.include('--config.file=/etc/prometheus/prometheus.yml');
    const prometheus = parse(read(configFile));
    const rulesMounted = prometheus.rule_files.map((f: string) => [...files].find(([, to]) => to === f)?.[0]);
    expect(rulesMounted).to.deep.equal(['deploy/prometheus/switchboard-alerts.yml']);
    const job = prometheus.scrape_configs.find((j: any) => j.job_name === 'switchboard');
    expect(job.metrics_path).to.equal('/metrics');
    expect(job.static_configs.flatMap((c: any) => c.targets)).to.have.members(INSTANCES.map((i) => `${i}:3000`));
  });
});

describe('deployment files: Dockerfile', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const args = (stage: typeof runtime, instruction: string) =>
    stage.instructions.filter((i) => i.instruction === instruction).map((i) => i.args);

  it('builds with the dev dependencies and runs with production ones only, without embedded PostgreSQL', () => {
    expect(stages.map((s) => s.name)).to.deep.equal(['build', 'runtime']);
    expect(args(stages[0], 'RUN').join('\n')).to.match(/npm ci\b.*&& npm run build/);
    const install = args(runtime, 'RUN').join('\n');
    for (const flag of ['--omit=dev', '--omit=optional', '--ignore-scripts']) expect(install).to.include(flag);
    expect(args(runtime, 'COPY')).to.include('--from=build /app/dist ./dist');
  });

  it('runs as a non-root user with a /health (liveness) check, JSON logs and the entrypoint', () => {
    expect(args(runtime, 'USER')).to.deep.equal(['node']);
    expect(args(runtime, 'HEALTHCHECK').join(' ')).to.include("'/health'");
    expect(args(runtime, 'ENV').join(' ')).to.include('LOG_FORMAT=json');
    expect(args(runtime, 'ENTRYPOINT')).to.deep.equal(['["switchboard-entrypoint"]']);
    expect(args(runtime, 'CMD')).to.deep.equal(['["serve"]']);
  });

  it('copies files that exist and leaves secrets and local state out of the build context', () => {
    for (const stage of stages) {
      for (const copy of args(stage, 'COPY').filter((a) => !a.startsWith('--from'))) {
        const sources = copy
          .split(/\s+/)
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1);
        for (const src of sources) expect(existsSync(path.join(ROOT, src)), `COPY ${src}`).to.equal(true);
      }
    }
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', '.switchboard', '.git']) expect(ignored).to.include(entry);
  });
});

describe('deployment files: Prometheus alerting rules', () => {
  const rules = parse(read('deploy/prometheus/switchboard-alerts.yml')).groups.flatMap((g: any) => g.rules);

  it('every rule is a named alert with an expression, a duration, a severity and a summary', () => {
    expect(rules.length).to.be.greaterThan(5);
    const names = rules.map((r: any) => r.alert);
    expect(new Set(names).size, 'alert names are unique').to.equal(names.length);
    for (const r of rules) {
      expect(r.alert, JSON.stringify(r)).to.match(/^Switchboard[A-Z]\w+$/);
      expect(r.expr, r.alert).to.be.a('string').that.is.not.empty;
      expect(r.for, r.alert).to.match(/^\d+[smh]$/);
      expect(r.labels?.severity, r.alert).to.be.oneOf(['warning', 'critical']);
      expect(r.annotations?.summary, r.alert).to.be.a('string').that.is.not.empty;
    }
  });

  it('names only metrics (and label values) that a running server exports', async () => {
    const server = await startTestServer();
    try {
      const exported = await (await fetch(`${server.config.publicBaseUrl}/metrics`)).text();
      const families = new Set([...exported.matchAll(/^# TYPE (\S+) (\w+)/gm)].map((m) => m[1]));
      const used = new Set<string>(rules.flatMap((r: any) => [...String(r.expr).matchAll(/\bswitchboard_\w+/g)].map((m) => m[0])));
      expect(used.size).to.be.greaterThan(3);
      for (const name of used) expect(families, name).to.include(name.replace(/_(bucket|count|sum)$/, ''));
    } finally {
      await server.close();
    }
    // Label values the rules match on are ones the code writes.
    const source = ['src/http/webhook.ts', 'src/http/voice-routes.ts', 'src/db/queries/gauges.ts', 'src/calls/sessions.ts']
      .map(read)
      .join('\n');
    const values = rules.flatMap((r: any) =>
      [...String(r.expr).matchAll(/\b(?:where|state|outcome)=~?"([^"]+)"/g)].flatMap((m) => m[1].split('|')),
    );
    for (const v of values) expect(source, `label value ${v}`).to.include(`'${v}'`);
  });
});
