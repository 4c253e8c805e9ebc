export { CliError, UsageError, info, out } from './errors.js';
export { integerOption, listOption, numberOption, optionSpec, parseOptions, positiveInt } from './options.js';
export { onInterrupt, parseOrExit, runCommand } from './run-command.js';
export { loadDotEnv, repoRoot } from './repo.js';
export { nodeArgs, runEntry, startEntry, type EntryOptions, type EntryRun, type RunningEntry } from './node-entry.js';
