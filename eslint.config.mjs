// typescript-eslint's type-checked recommended rules over the whole repository, prettier for layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/generated/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A leading underscore marks a binding kept on purpose: a destructured field dropped from a rest copy, or a
      // parameter an interface requires but this implementation does not read.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Heavy optional modules (Redis clients, the OpenTelemetry SDK) are loaded with a lazy require so that a process
      // without them configured never pays for their start-up; an `import()` would make these factories async.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./tracing$', '^\\./redis-store$', '^@apollo/utils\\.keyvadapter$', '^@keyv/redis$'] }],
    },
  },
);
