#!/usr/bin/env node
// Module boundaries and import cycles, checked on the compiled JavaScript (dependency-cruiser
// cannot read TypeScript 7 sources). Run after the build. Fails on any violation, and on a
// cruise that found no modules at all (a silent false pass).
import { readdirSync, readFileSync } from 'node:fs';
import { cruise } from 'dependency-cruiser';

const rules = [
  {
    name: 'apps-never-import-other-apps',
    severity: 'error',
    from: { path: '^apps/([^/]+)/' },
    to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
  },
  { name: 'libs-never-import-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
  {
    name: 'contracts-depend-on-zod-only',
    severity: 'error',
    from: { path: '^libs/contracts/' },
    to: { pathNot: ['^libs/contracts/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
  },
  { name: 'no-import-cycles', severity: 'error', from: {}, to: { circular: true } },
];

const roots = ['apps', 'libs'].flatMap((dir) => readdirSync(dir).map((name) => `${dir}/${name}/dist`));
const result = await cruise(roots, {
  validate: true,
  ruleSet: { forbidden: rules },
  exclude: { path: ['\\.spec\\.js$', '\\.d\\.ts$', '\\.map$'] },
  doNotFollow: { path: 'node_modules' },
  moduleSystems: ['es6', 'cjs'],
});

const { summary } = result.output;
const ownModules = result.output.modules.filter((m) => /^(apps|libs)\//.test(m.source)).length;
for (const violation of summary.violations) {
  const via = violation.cycle?.length
    ? ` (cycle: ${violation.cycle.map((c) => c.name ?? c).join(' → ')})`
    : '';
  console.error(`✗ ${violation.rule.name}: ${violation.from} → ${violation.to}${via}`);
}
const contractsDeps = Object.keys(
  JSON.parse(readFileSync('libs/contracts/package.json', 'utf8')).dependencies ?? {},
);
if (contractsDeps.some((d) => d !== 'zod')) {
  console.error(
    `✗ contracts-depend-on-zod-only: libs/contracts/package.json lists ${contractsDeps.join(', ')}`,
  );
  process.exitCode = 1;
}
if (ownModules === 0) {
  console.error('✗ the cruise found no modules: build first (npm run build)');
  process.exitCode = 1;
} else if (summary.error > 0) {
  process.exitCode = 1;
} else {
  console.log(
    `boundaries: ${ownModules} modules, ${summary.totalDependenciesCruised} dependencies, no violations`,
  );
}
