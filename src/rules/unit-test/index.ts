// Rule unit tests in promtool's format (`pgwarden rules test`).
export { runUnitTestFiles, runUnitTestFile, type TestOutput, type TextOutput } from './run-files.js';
export { runTestGroup, orderGroups, type GroupRunSettings } from './run-group.js';
export { parseUnitTestFile, type UnitTestFile, type TestGroup, type InputSeries } from './test-file.js';
