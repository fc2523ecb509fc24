// Lint for infra/: the Dockerfile, the compose stack and the Kubernetes manifests agree with the code.
// Env variable names are derived from the config schemas in libs/config and apps/*/src, not listed
// here, so a renamed variable or a new app fails this test until infra/ follows.
//   npx jest --selectProjects unit -- infra
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { baseServiceConfigSchema } from '@fupin/config';

const root = path.resolve(__dirname, '..');
const infra = path.join(root, 'infra');
const read = (file: string) => fs.readFileSync(file, 'utf8');
const rel = (file: string) => path.relative(root, file);

// ---------- helpers ----------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Every document of a YAML file as plain JS; throws on any parse error or warning. */
function loadYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(read(file), { merge: true, prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [];
  const problems = list.flatMap((d) => [...d.errors, ...d.warnings]).map((e) => e.message);
  if (problems.length) throw new Error(`${rel(file)}: ${problems.join('; ')}`);
  return list.map((d) => d.toJS() as unknown).filter((d) => d !== null && d !== undefined);
}
/** The mapping documents of a YAML file (manifests; a JSON-patch list is skipped). */
const loadYaml = (file: string): Obj[] => loadYamlDocuments(file).filter(isObj);

const yamlFiles = walk(infra).filter((f) => /\.ya?ml$/.test(f));
// the apps that run as Node processes of the platform image (apps/console is static files built by Vite, not yet in infra)
const apps = fs
  .readdirSync(path.join(root, 'apps'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'apps', d.name, 'src', 'main.ts')))
  .map((d) => d.name)
  .sort();
const services = apps.filter((a) => a !== 'orchestrator');

// ---------- what each app's config schema reads (derived from the source) ----------

interface EnvSpec {
  required: Set<string>;
  known: Set<string>;
  prefix: string | null;
}

/** The bodies of `z.object({ … })` literals in a source file (comments removed). */
function zodObjectBodies(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  const bodies: string[] = [];
  const start = /\bz\s*\.\s*object\(\s*\{/g;
  for (let m = start.exec(code); m; m = start.exec(code)) {
    let depth = 1;
    let i = start.lastIndex;
    for (; i < code.length && depth > 0; i++) {
      if ('{(['.includes(code[i])) depth++;
      else if ('})]'.includes(code[i])) depth--;
    }
    bodies.push(code.slice(start.lastIndex, i - 1));
  }
  return bodies;
}

/** Split an object-literal body at its top-level commas. */
function topLevelEntries(body: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    if ('{(['.includes(body[i])) depth++;
    else if ('})]'.includes(body[i])) depth--;
    else if (body[i] === ',' && depth === 0) {
      entries.push(body.slice(from, i));
      from = i + 1;
    }
  }
  entries.push(body.slice(from));
  return entries.map((e) => e.trim()).filter(Boolean);
}

/**
 * Environment variables a zod schema reads: the upper-case keys of its `z.object({ … })` literals,
 * `KEY: schema` or `[`${prefix}_KEY`]: schema`. Required unless defaulted or optional.
 */
export function schemaKeys(source: string, prefix = ''): { key: string; required: boolean }[] {
  const keys: { key: string; required: boolean }[] = [];
  for (const entry of zodObjectBodies(source).flatMap(topLevelEntries)) {
    const m = /^(?:\[`\$\{prefix\}_([A-Z0-9_]+)`\]|([A-Z][A-Z0-9_]*))\s*:\s*([\s\S]+)$/.exec(entry);
    if (!m) continue;
    const defaulted = /\.default\(|\.optional\(|envBool\(|envDurationMs\(/.test(m[3]);
    keys.push({ key: m[1] ? `${prefix}_${m[1]}` : m[2], required: !defaulted });
  }
  return keys;
}

function sourcesOf(app: string): string[] {
  return walk(path.join(root, 'apps', app, 'src')).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes(`${path.sep}generated${path.sep}`),
  );
}

const baseSchemaSource = read(path.join(root, 'libs/config/src/base-service-config.ts'));

function envSpecOf(app: string): EnvSpec {
  const spec: EnvSpec = { required: new Set(), known: new Set(['SERVICE', 'NODE_ENV']), prefix: null };
  for (const file of sourcesOf(app)) {
    const source = read(file);
    const prefixes = [...source.matchAll(/baseServiceConfigSchema\('([A-Z0-9_]+)'\)/g)].map((m) => m[1]);
    for (const prefix of prefixes) {
      spec.prefix = prefix;
      for (const k of schemaKeys(baseSchemaSource, prefix)) {
        spec.known.add(k.key);
        if (k.required) spec.required.add(k.key);
      }
    }
    if (/loadConfig\(/.test(source)) {
      for (const k of schemaKeys(source)) {
        spec.known.add(k.key);
        if (k.required) spec.required.add(k.key);
      }
    }
  }
  return spec;
}

const envSpecs = new Map(apps.map((a) => [a, envSpecOf(a)]));

function envProblems(app: string, names: Iterable<string>): string[] {
  const spec = envSpecs.get(app);
  if (!spec) return [`${app}: no such app`];
  const set = new Set(names);
  return [
    ...[...spec.required].filter((k) => !set.has(k)).map((k) => `${app}: required ${k} is not set`),
    ...[...set].filter((k) => !spec.known.has(k)).map((k) => `${app}: ${k} is read by no config schema`),
  ];
}

describe('config schemas, as this test reads them', () => {
  it('agree with the real base schema: the required variables are exactly those an empty environment is refused for', () => {
    const result = baseServiceConfigSchema('MEDICAL_AID').safeParse({});
    expect(result.success).toBe(false);
    const refused = new Set(result.success ? [] : result.error.issues.map((i) => i.path.join('.')));
    const parsed = schemaKeys(baseSchemaSource, 'MEDICAL_AID');
    expect(new Set(parsed.filter((k) => k.required).map((k) => k.key))).toEqual(refused);
    expect(parsed.length).toBeGreaterThan(refused.size); // optional ones were found too
  });

  it('find a schema for every app (a prefix for each service, TEMPORAL_ADDRESS for the orchestrator)', () => {
    for (const svc of services)
      expect({ svc, prefix: envSpecs.get(svc)?.prefix }).toEqual({ svc, prefix: expect.stringMatching(/^[A-Z_]+$/) });
    expect([...(envSpecs.get('orchestrator')?.required ?? [])]).toContain('TEMPORAL_ADDRESS');
    expect(envSpecs.get('orchestrator')?.known.has('ORCHESTRATOR_PORT')).toBe(true);
  });

  it('report a missing required variable and an unknown one', () => {
    const svc = services[0];
    const spec = envSpecs.get(svc)!;
    const typo = [...spec.required].filter((k) => k !== 'KAFKA_BROKERS').concat('KAFKA_BROKER');
    expect(envProblems(svc, typo)).toEqual([
      `${svc}: required KAFKA_BROKERS is not set`,
      `${svc}: KAFKA_BROKER is read by no config schema`,
    ]);
  });
});

// ---------- every YAML file ----------

describe('YAML under infra/', () => {
  it('has files to check', () => {
    expect(yamlFiles.length).toBeGreaterThanOrEqual(10);
  });
  it.each(yamlFiles.map(rel))('%s parses cleanly', (file) => {
    expect(loadYamlDocuments(path.join(root, file)).length).toBeGreaterThan(0);
  });
});

// ---------- Dockerfile ----------

describe('infra/docker/Dockerfile', () => {
  const dockerDir = path.join(infra, 'docker');
  const text = read(path.join(dockerDir, 'Dockerfile')).replace(/\\\n/g, ' ');
  const instructions = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages = instructions.reduce<string[][]>(
    (acc, l) => (/^FROM\s/i.test(l) ? [...acc, [l]] : (acc[acc.length - 1]?.push(l), acc)),
    [],
  );
  const final = stages[stages.length - 1] ?? [];
  const stageNames = stages.map((s) => /\sAS\s+(\S+)/i.exec(s[0])?.[1]).filter(Boolean);

  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/ARG NODE_IMAGE=node:20-bookworm-slim\b/);
    for (const s of stages) expect(s[0]).toMatch(/^FROM (\$\{NODE_IMAGE\}|[a-z-]+) AS [a-z-]+$/);
  });

  it('installs with npm install (not npm ci) and runs the build', () => {
    expect(text).toMatch(/npm install --no-audit --no-fund/);
    expect(instructions.join('\n')).not.toMatch(/npm ci\b/);
    expect(text).toMatch(/node tools\/build\.mjs/);
  });

  it('copies only from stages that exist', () => {
    for (const m of text.matchAll(/--from=(\S+)/g)) expect(stageNames).toContain(m[1]);
  });

  it('runtime: SERVICE selects the app, non-root USER, HEALTHCHECK on /health/live', () => {
    expect(final.some((l) => /^ARG SERVICE=/.test(l))).toBe(true);
    expect(final.some((l) => /^ENV SERVICE=\$\{SERVICE\}/.test(l))).toBe(true);
    const user = final.filter((l) => /^USER\s/.test(l)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
    const health = final.find((l) => /^HEALTHCHECK\s/.test(l));
    expect(health).toMatch(/healthcheck\.cjs/);
    expect(read(path.join(dockerDir, 'healthcheck.cjs'))).toMatch(/process\.argv\[2\] \|\| '\/health\/live'/);
    expect(read(path.join(dockerDir, 'entrypoint.sh'))).toContain('dist/apps/${SERVICE}/src/main.js');
  });

  it('every infra/docker file it copies exists', () => {
    for (const m of text.matchAll(/infra\/docker\/([\w.-]+)/g))
      expect(fs.existsSync(path.join(dockerDir, m[1]))).toBe(true);
  });

  it('has its own .dockerignore that keeps build inputs and drops local state', () => {
    const ignore = read(path.join(dockerDir, 'Dockerfile.dockerignore'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const p of ['**/node_modules', 'dist', '.stack', '.git']) expect(ignore).toContain(p);
    for (const needed of [
      'apps',
      'libs',
      'tools',
      'package.json',
      'package-lock.json',
      '.swcrc.json',
      'tsconfig.base.json',
      'infra',
      'infra/docker',
    ])
      expect(ignore).not.toContain(needed);
  });
});

// ---------- compose ----------

describe('infra/compose/compose.yaml', () => {
  const compose = loadYaml(path.join(infra, 'compose', 'compose.yaml'))[0];
  const svcs = obj(compose.services);
  const env = (name: string) => obj(obj(svcs[name]).environment);
  const builtHere = (name: string) => str(obj(obj(svcs[name]).build).dockerfile) === 'infra/docker/Dockerfile';

  it('runs PostgreSQL 16, Kafka (KRaft), the Temporal dev server and a one-shot migration', () => {
    expect(str(obj(svcs.postgres).image)).toMatch(/^postgres:16\b/);
    expect(str(obj(svcs.kafka).image)).toMatch(/^apache\/kafka:/);
    expect(env('kafka').KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(str(obj(svcs.temporal).image)).toMatch(/^temporalio\//);
    expect(arr(obj(svcs.temporal).command).slice(0, 2)).toEqual(['server', 'start-dev']);
    const migrate = obj(svcs.migrate);
    expect(migrate.restart).toBe('no');
    const script = arr(migrate.command).find((a) => /\.mjs$/.test(str(a)));
    expect(fs.existsSync(path.join(root, str(script)))).toBe(true);
  });

  it.each(apps)('runs %s from the platform image with a healthcheck', (app) => {
    expect(builtHere(app)).toBe(true);
    expect(env(app).SERVICE).toBe(app);
    expect(obj(obj(svcs[app]).healthcheck).test).toBeDefined();
  });

  it.each(apps)('%s gets exactly the variables its config schema reads', (app) => {
    expect(envProblems(app, Object.keys(env(app)))).toEqual([]);
  });

  it('the migration job has every service database URL', () => {
    const expected = services.map((s) => `${envSpecs.get(s)?.prefix}_DATABASE_URL`);
    expect(Object.keys(env('migrate'))).toEqual(expect.arrayContaining(expected));
  });

  it('depends_on points at services that exist, and "healthy" at ones with a healthcheck', () => {
    for (const [name, def] of Object.entries(svcs)) {
      for (const [dep, cond] of Object.entries(obj(obj(def).depends_on))) {
        expect({ name, dep, exists: dep in svcs }).toEqual({ name, dep, exists: true });
        const condition = str(obj(cond).condition);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy')
          expect({ dep, healthcheck: Boolean(obj(svcs[dep]).healthcheck) || builtHere(dep) }).toEqual({
            dep,
            healthcheck: true,
          });
      }
    }
    for (const svc of services) {
      const deps = obj(obj(svcs[svc]).depends_on);
      expect({ svc, migrate: str(obj(deps.migrate).condition) }).toEqual({
        svc,
        migrate: 'service_completed_successfully',
      });
    }
  });

  it('no two services publish the same host port', () => {
    const ports = Object.values(svcs).flatMap((s) =>
      arr(obj(s).ports).map((p) => str(p).split(':').slice(0, -1).join(':')),
    );
    expect(new Set(ports).size).toBe(ports.length);
  });
});

// ---------- kustomize ----------

const k8s = path.join(infra, 'k8s');
const kustomizations = walk(k8s).filter((f) => path.basename(f) === 'kustomization.yaml');

function kustomizationRefs(file: string): string[] {
  const k = loadYaml(file)[0];
  return [
    ...arr(k.resources).map(str),
    ...arr(k.patches)
      .map((p) => str(obj(p).path))
      .filter(Boolean),
    ...arr(k.patchesStrategicMerge).map(str),
  ];
}

/** Problems with one kustomization: references that do not exist, YAML files of its folder it never mentions. */
export function kustomizationProblems(file: string, refs: string[]): string[] {
  const dir = path.dirname(file);
  const missing = refs
    .filter((r) => !fs.existsSync(path.resolve(dir, r)))
    .map((r) => `${rel(file)}: ${r} does not exist`);
  const local = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
  const unreferenced = local
    .filter((f) => !refs.some((r) => path.resolve(dir, r) === path.join(dir, f)))
    .map((f) => `${rel(file)}: ${f} is not referenced`);
  return [...missing, ...unreferenced];
}

/** All objects a kustomization pulls in through `resources` (recursively), before patches. */
function resourcesOf(file: string): Obj[] {
  const dir = path.dirname(file);
  return arr(loadYaml(file)[0].resources).flatMap((r) => {
    const target = path.resolve(dir, str(r));
    return fs.statSync(target).isDirectory() ? resourcesOf(path.join(target, 'kustomization.yaml')) : loadYaml(target);
  });
}

const baseObjects = resourcesOf(path.join(k8s, 'base', 'kustomization.yaml'));
const ofKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);
const nameOf = (o: Obj) => str(obj(o.metadata).name);
const podSpec = (o: Obj) => obj(obj(obj(o.spec).template).spec);
const containersOf = (o: Obj) => arr(podSpec(o).containers).map(obj);

/** What a platform Deployment must have. Returns one line per problem. */
export function deploymentProblems(d: Obj): string[] {
  const name = nameOf(d);
  const problems: string[] = [];
  const pod = podSpec(d);
  const annotations = obj(obj(obj(obj(d.spec).template).metadata).annotations);
  if (obj(pod.securityContext).runAsNonRoot !== true)
    problems.push(`${name}: pod securityContext.runAsNonRoot is not true`);
  if (!(Number(pod.terminationGracePeriodSeconds) >= 30))
    problems.push(`${name}: terminationGracePeriodSeconds < 30 (worker drain)`);
  const containers = containersOf(d);
  if (containers.length !== 1) problems.push(`${name}: expected one container`);
  for (const c of containers) {
    const ports = arr(c.ports).map(obj);
    const probe = (kind: string) => obj(obj(c[kind]).httpGet);
    for (const [kind, want] of [
      ['livenessProbe', '/health/live'],
      ['readinessProbe', '/health/ready'],
      ['startupProbe', '/health/live'],
    ] as const) {
      const p = probe(kind);
      if (p.path !== want) problems.push(`${name}: ${kind} path is ${str(p.path) || 'missing'}, want ${want}`);
      else if (!ports.some((port) => port.name === p.port || port.containerPort === p.port))
        problems.push(`${name}: ${kind} port ${str(p.port)} is not a container port`);
    }
    const res = obj(c.resources);
    for (const part of ['requests', 'limits'])
      for (const r of ['cpu', 'memory'])
        if (!str(obj(res[part])[r])) problems.push(`${name}: resources.${part}.${r} missing`);
    const sc = obj(c.securityContext);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${name}: readOnlyRootFilesystem is not true`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation is not false`);
    const envs = arr(c.env).map(obj);
    if (str(envs.find((e) => e.name === 'SERVICE')?.value) !== name)
      problems.push(`${name}: SERVICE env is not "${name}"`);
    if (name !== 'orchestrator') {
      if (annotations['prometheus.io/scrape'] !== 'true' || annotations['prometheus.io/path'] !== '/metrics')
        problems.push(`${name}: prometheus scrape annotations missing`);
      if (!ports.some((p) => str(p.containerPort) === str(annotations['prometheus.io/port'])))
        problems.push(`${name}: prometheus.io/port is not a container port`);
    }
  }
  return problems;
}

/** Env names a container gets: env[] plus every key of the ConfigMaps/Secrets it takes whole. */
function containerEnvNames(c: Obj, objects: Obj[]): string[] {
  const names = arr(c.env).map((e) => str(obj(e).name));
  for (const from of arr(c.envFrom).map(obj)) {
    const ref = obj(from.configMapRef).name ?? obj(from.secretRef).name;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const source = objects.find((o) => o.kind === kind && nameOf(o) === ref);
    if (!source) throw new Error(`envFrom ${kind} ${str(ref)} not found`);
    names.push(...Object.keys({ ...obj(source.data), ...obj(source.stringData) }));
  }
  return names;
}

/** Every configMapKeyRef/secretKeyRef points at a key that exists (optional refs excepted). */
function refProblems(c: Obj, objects: Obj[]): string[] {
  return arr(c.env)
    .map(obj)
    .flatMap((e) => {
      const from = obj(e.valueFrom);
      const ref = obj(from.configMapKeyRef ?? from.secretKeyRef);
      if (!ref.name || ref.optional === true) return [];
      const kind = from.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const source = objects.find((o) => o.kind === kind && nameOf(o) === ref.name);
      const keys = Object.keys({ ...obj(source?.data), ...obj(source?.stringData) });
      return keys.includes(str(ref.key)) ? [] : [`${str(e.name)}: ${kind} ${str(ref.name)} has no key ${str(ref.key)}`];
    });
}

describe('infra/k8s kustomizations', () => {
  it('cover base and both overlays', () => {
    expect(kustomizations.map((f) => rel(path.dirname(f))).sort()).toEqual([
      'infra/k8s/base',
      'infra/k8s/overlays/local',
      'infra/k8s/overlays/production',
    ]);
  });

  it.each(kustomizations.map(rel))('%s references files that exist, and every file of its folder', (file) => {
    const full = path.join(root, file);
    expect(kustomizationProblems(full, kustomizationRefs(full))).toEqual([]);
  });

  it('a missing or forgotten file is reported', () => {
    const base = path.join(k8s, 'base', 'kustomization.yaml');
    const refs = kustomizationRefs(base)
      .filter((r) => r !== 'pdb.yaml')
      .concat('nope.yaml');
    expect(kustomizationProblems(base, refs)).toEqual([
      'infra/k8s/base/kustomization.yaml: nope.yaml does not exist',
      'infra/k8s/base/kustomization.yaml: pdb.yaml is not referenced',
    ]);
  });

  it('overlays pin the platform image and scale only Deployments that exist', () => {
    const deployments = ofKind(baseObjects, 'Deployment').map(nameOf);
    for (const overlay of ['local', 'production']) {
      const k = loadYaml(path.join(k8s, 'overlays', overlay, 'kustomization.yaml'))[0];
      const image = arr(k.images)
        .map(obj)
        .find((i) => i.name === 'fupin-platform');
      expect({ overlay, tag: str(image?.newTag) }).toEqual({ overlay, tag: expect.stringMatching(/^[\w.-]+$/) });
      for (const r of arr(k.replicas).map(obj)) expect(deployments).toContain(r.name);
      expect(arr(k.replicas).length).toBe(apps.length);
    }
  });
});

describe('infra/k8s/base', () => {
  const deployments = ofKind(baseObjects, 'Deployment');

  it('has the namespace, shared ConfigMap, Secret template, migration Job and one PDB per Deployment', () => {
    expect(ofKind(baseObjects, 'Namespace').map(nameOf)).toEqual(['fupin']);
    expect(ofKind(baseObjects, 'ConfigMap').map(nameOf)).toContain('fupin-shared-env');
    const secret = ofKind(baseObjects, 'Secret')[0];
    for (const v of Object.values(obj(secret?.stringData))) expect(str(v)).toContain('CHANGE_ME');
    expect(ofKind(baseObjects, 'Job').map(nameOf)).toEqual(['fupin-migrate']);
    const pdbs = ofKind(baseObjects, 'PodDisruptionBudget');
    for (const d of deployments) {
      const labels = obj(obj(obj(obj(d.spec).template).metadata).labels);
      const pdb = pdbs.find((p) =>
        Object.entries(obj(obj(obj(p.spec).selector).matchLabels)).every(([k, v]) => labels[k] === v),
      );
      expect({ deployment: nameOf(d), pdb: pdb ? nameOf(pdb) : null }).toEqual({
        deployment: nameOf(d),
        pdb: nameOf(d),
      });
    }
  });

  it('has a Deployment for every app and a Service for every HTTP service', () => {
    expect(deployments.map(nameOf).sort()).toEqual(apps);
    const svcObjects = ofKind(baseObjects, 'Service');
    for (const svc of services) {
      const s = svcObjects.find((o) => nameOf(o) === svc);
      expect({ svc, found: Boolean(s) }).toEqual({ svc, found: true });
      const d = deployments.find((o) => nameOf(o) === svc)!;
      const labels = obj(obj(obj(obj(d.spec).template).metadata).labels);
      for (const [k, v] of Object.entries(obj(obj(s?.spec).selector))) expect(labels[k]).toBe(v);
      const portNames = containersOf(d).flatMap((c) => arr(c.ports).map((p) => obj(p).name));
      for (const p of arr(obj(s?.spec).ports)) expect(portNames).toContain(obj(p).targetPort);
    }
  });

  it.each(apps)('Deployment %s: probes, resources, non-root, read-only root, drain time, scrape annotations', (app) => {
    const d = deployments.find((o) => nameOf(o) === app);
    expect(d).toBeDefined();
    expect(deploymentProblems(d!)).toEqual([]);
  });

  it('a Deployment with wrong probes, no resources and root is refused', () => {
    const broken = JSON.parse(JSON.stringify(deployments.find((o) => nameOf(o) === services[0]))) as Obj;
    const pod = podSpec(broken);
    pod.terminationGracePeriodSeconds = 5;
    obj(pod.securityContext).runAsNonRoot = false;
    const c = containersOf(broken)[0];
    obj(obj(c.readinessProbe).httpGet).path = '/health/live';
    delete c.resources;
    expect(deploymentProblems(broken)).toEqual(
      expect.arrayContaining([
        `${services[0]}: pod securityContext.runAsNonRoot is not true`,
        `${services[0]}: terminationGracePeriodSeconds < 30 (worker drain)`,
        `${services[0]}: readinessProbe path is /health/live, want /health/ready`,
        `${services[0]}: resources.limits.memory missing`,
      ]),
    );
  });

  it.each(apps)('Deployment %s gets exactly the variables its config schema reads, from keys that exist', (app) => {
    const c = containersOf(deployments.find((o) => nameOf(o) === app)!)[0];
    expect(envProblems(app, containerEnvNames(c, baseObjects))).toEqual([]);
    expect(refProblems(c, baseObjects)).toEqual([]);
  });

  it('the port variable of each Deployment is its container port', () => {
    for (const d of deployments) {
      const c = containersOf(d)[0];
      const portVar = arr(c.env)
        .map(obj)
        .find((e) => /_PORT$/.test(str(e.name)));
      expect({ app: nameOf(d), port: str(portVar?.value) }).toEqual({
        app: nameOf(d),
        port: str(obj(arr(c.ports)[0]).containerPort),
      });
    }
  });

  it('the migration Job runs a script in the image with every service database URL', () => {
    const job = ofKind(baseObjects, 'Job')[0];
    const c = containersOf(job)[0];
    const script = arr(c.args)
      .map(str)
      .find((a) => a.endsWith('.mjs'));
    expect(fs.existsSync(path.join(root, str(script)))).toBe(true);
    const names = arr(c.env).map((e) => str(obj(e).name));
    expect(names).toEqual(expect.arrayContaining(services.map((s) => `${envSpecs.get(s)?.prefix}_DATABASE_URL`)));
    expect(obj(podSpec(job).securityContext).runAsNonRoot).toBe(true);
    expect(refProblems(c, baseObjects)).toEqual([]);
  });
});

describe('infra/k8s overlays', () => {
  const overlay = (name: string) => path.join(k8s, 'overlays', name);
  const patches = (name: string) =>
    kustomizationRefs(path.join(overlay(name), 'kustomization.yaml'))
      .filter((r) => !r.startsWith('..'))
      .flatMap((r) => loadYaml(path.join(overlay(name), r)));

  it('ConfigMap patches only set variables the services read', () => {
    const known = new Set(services.flatMap((s) => [...(envSpecs.get(s)?.known ?? [])]));
    for (const name of ['local', 'production']) {
      for (const cm of ofKind(patches(name), 'ConfigMap'))
        for (const key of Object.keys(obj(cm.data)))
          expect({ name, key, known: known.has(key) }).toEqual({ name, key, known: true });
    }
  });

  it('local: the backing servers have probes and run as non-root (restricted namespace)', () => {
    const deps = loadYaml(path.join(overlay('local'), 'dependencies.yaml')).filter(
      (o) => o.kind === 'Deployment' || o.kind === 'StatefulSet',
    );
    expect(deps.map(nameOf).sort()).toEqual(['dev-issuer', 'kafka', 'postgres', 'temporal']);
    for (const d of deps) {
      expect({ dep: nameOf(d), nonRoot: obj(podSpec(d).securityContext).runAsNonRoot }).toEqual({
        dep: nameOf(d),
        nonRoot: true,
      });
      for (const c of containersOf(d))
        expect({ dep: nameOf(d), probes: Boolean(c.readinessProbe && c.livenessProbe) }).toEqual({
          dep: nameOf(d),
          probes: true,
        });
    }
  });

  it('production ships no Secret from git', () => {
    const deletions = ofKind(patches('production'), 'Secret');
    expect(deletions.map((s) => [nameOf(s), s.$patch])).toEqual([['fupin-database', 'delete']]);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  (kubectl ? it : it.skip).each(['local', 'production'])('kubectl kustomize overlays/%s renders', (name) => {
    const r = spawnSync('kubectl', ['kustomize', overlay(name)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rendered = parseAllDocuments(r.stdout);
    const kinds = (Array.isArray(rendered) ? rendered : []).map((d) => obj(d.toJS()).kind);
    expect(kinds.filter((k) => k === 'Deployment').length).toBeGreaterThanOrEqual(apps.length);
    if (name === 'production') expect(kinds).not.toContain('Secret');
  });
});
