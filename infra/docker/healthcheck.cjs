// Container health probe without curl (the slim image has none):
//   node /app/infra/docker/healthcheck.cjs                  GET /health/live of the app named by SERVICE
//   node /app/infra/docker/healthcheck.cjs /health/ready    another path on that app
//   node /app/infra/docker/healthcheck.cjs http://host:port/path   any URL (e.g. the dev issuer's JWKS)
// The port variable follows the config schemas: <PREFIX>_PORT where PREFIX is SERVICE without
// "-service", dashes to underscores, upper case (MEDICAL_AID_PORT, ORCHESTRATOR_PORT, …).
const target = process.argv[2] || '/health/live';
let url = target;
if (!/^https?:\/\//.test(target)) {
  const service = process.env.SERVICE || '';
  const key = `${service
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase()}_PORT`;
  const port = process.env[key] || (service === 'orchestrator' ? '3010' : '');
  if (!port) {
    console.error(`healthcheck: ${key} is not set`);
    process.exit(1);
  }
  url = `http://127.0.0.1:${port}${target}`;
}
const timer = setTimeout(() => {
  console.error(`healthcheck: ${url} timed out`);
  process.exit(1);
}, 4000);
fetch(url)
  .then((res) => {
    clearTimeout(timer);
    if (res.status !== 200) console.error(`healthcheck: ${url} answered ${res.status}`);
    process.exit(res.status === 200 ? 0 : 1);
  })
  .catch((e) => {
    clearTimeout(timer);
    console.error(`healthcheck: ${url}: ${e.message}`);
    process.exit(1);
  });
