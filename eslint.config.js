// ESLint: the recommended JavaScript and typescript-eslint rules, without type information (the
// type checker is TypeScript 7's native tsc, run by `npm run typecheck`; typescript-eslint parses
// with the `typescript` 6 package, the last compiler with a JavaScript API). Formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bench/results/', '.switchboard/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are tsc's job (noUnusedLocals/noUnusedParameters); an `_` prefix marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` that a shutdown handler reads before start-up assigns it cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  { files: ['src/web/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests read parsed YAML and JSON documents (compose files, API answers) whose shape the assertions check.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
