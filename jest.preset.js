// Shared Jest settings: swc transform with decorator metadata, @fupin/* aliases from tsconfig.base.json.
const path = require('node:path');
const fs = require('node:fs');
const root = __dirname;
const swc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc.json'), 'utf8'));
delete swc.$comment;
const { compilerOptions } = require('./tsconfig.base.json');
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
}
module.exports = {
  rootDir: root,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  // jose 6 is ESM-only; Jest on Node 20 cannot require(esm), so it is compiled to CommonJS like our sources.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.stack/'],
};
