// Runs the whole gate in order: lint, typecheck, build, Node tests, Chromium end-to-end tests and
// the Electron shell tests (which skip without an Electron binary). Stops at the first failing
// step, and prints one summary line with the test counts of every runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Absolute, because Playwright resolves a relative report path against its config's folder.
const resultsDir = resolve('test-results');
mkdirSync(resultsDir, { recursive: true });

const steps = [
  { name: 'lint', command: ['npx', 'eslint', '.', '--max-warnings', '0'] },
  { name: 'format', command: ['npx', 'prettier', '--check', '.'] },
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'] },
  // Built before the Node tests, because some of them check the emitted worker and renderer.
  { name: 'build', command: ['npx', 'electron-vite', 'build'] },
  {
    name: 'node tests',
    command: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${resultsDir}/vitest.json`,
    ],
    report: { kind: 'vitest', file: `${resultsDir}/vitest.json` },
  },
  {
    name: 'end-to-end tests (Chromium)',
    command: [
      'npx',
      'playwright',
      'test',
      '-c',
      'tests/e2e/playwright.config.ts',
    ],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${resultsDir}/e2e.json` },
    report: { kind: 'playwright', file: `${resultsDir}/e2e.json` },
  },
  {
    name: 'Electron shell tests',
    command: [
      'npx',
      'playwright',
      'test',
      '-c',
      'tests/electron/playwright.config.ts',
    ],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${resultsDir}/electron.json` },
    report: { kind: 'playwright', file: `${resultsDir}/electron.json` },
  },
];

const totals = { passed: 0, failed: 0, skipped: 0 };

function countVitest(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
}

let failedStep = null;
for (const step of steps) {
  const started = Date.now();
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const run = spawnSync(step.command[0], step.command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report && existsSync(step.report.file)) {
    if (step.report.kind === 'vitest') {
      countVitest(step.report.file);
    } else {
      countPlaywright(step.report.file);
    }
  }
  if (run.status !== 0) {
    console.log(
      `=== ${step.name} failed after ${seconds} s (exit ${run.status ?? run.signal})`,
    );
    failedStep = step.name;
    break;
  }
  console.log(`=== ${step.name} passed in ${seconds} s`);
}

if (failedStep && totals.failed === 0) {
  totals.failed = 1;
}
console.log(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
);
process.exit(failedStep ? 1 : 0);
