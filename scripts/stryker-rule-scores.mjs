/**
 * A Stryker reporter for `npm run test:mutation` (stryker.config.mjs loads it). Stryker's
 * `thresholds.break` judges the total only, so a weak module can hide behind strong ones: this
 * holds every mutated file to it. It also sorts the survivors: those listed under
 * `equivalentMutants` in the config (no test can kill them, the behaviour does not change; each
 * with its reason) from those a test should kill, and flags listed ones that no longer occur.
 * The scores stay Stryker's own: equivalent mutants count as survivors there.
 */
import { commonTokens, declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** The code a mutant replaced (report locations are 1-based lines and columns, end exclusive). */
function originalCode(source, { start, end }) {
  const lines = source.split('\n').slice(start.line - 1, end.line);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, end.column - 1);
  lines[0] = lines[0].slice(start.column - 1);
  return lines.join('\n');
}

/** Leaves of the metrics tree: one per mutated file. */
function* fileMetrics(node, path = '') {
  const name = path ? `${path}/${node.name}` : node.name;
  if (node.file) yield { name, score: node.metrics.mutationScore };
  for (const child of node.childResults) yield* fileMetrics(child, node.file ? path : name);
}

class RuleScores {
  static inject = [commonTokens.options, commonTokens.logger];

  constructor(options, log) {
    this.floor = options.thresholds.break;
    this.equivalents = options.equivalentMutants ?? [];
    this.log = log;
  }

  onMutationTestReportReady(report, metrics) {
    const seen = new Set();
    for (const [file, { source, mutants }] of Object.entries(report.files)) {
      for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
        const original = originalCode(source, m.location);
        const where = `${file}:${m.location.start.line} ${m.mutatorName} \`${original}\` → \`${m.replacement}\``;
        const known = this.equivalents.find(
          (e) =>
            e.file === file &&
            e.mutator === m.mutatorName &&
            e.original === original &&
            e.replacement === m.replacement,
        );
        if (known) seen.add(known);
        if (known) this.log.info(`equivalent: ${where} (${known.reason})`);
        else this.log.warn(`${m.status.toLowerCase()}: ${where}`);
      }
    }
    for (const e of this.equivalents.filter((x) => x.file in report.files && !seen.has(x))) {
      this.log.warn(`listed as equivalent but not found among the survivors: ${e.file} \`${e.original}\``);
    }
    if (typeof this.floor !== 'number') return;
    for (const { name, score } of fileMetrics(metrics.systemUnderTestMetrics)) {
      if (score < this.floor) {
        this.log.error(`${name}: mutation score ${score.toFixed(2)} under the break threshold ${this.floor}`);
        process.exitCode = 1;
      }
    }
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'rule-scores', RuleScores)];

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: {
    equivalentMutants: {
      description: 'Surviving mutants that cannot be killed because they do not change behaviour, with the reason.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'mutator', 'original', 'replacement', 'reason'],
        properties: {
          file: { type: 'string' },
          mutator: { type: 'string' },
          original: { type: 'string' },
          replacement: { type: 'string' },
          reason: { type: 'string' },
        },
      },
    },
  },
};
