// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering: each rule names what a folder may not import. The emulator is a test peer and
 * a demo tenant; Roster's own code never depends on it at run time.
 */
const layers = [
  {
    files: ['emulator/src/tenant/**/*.ts'],
    patterns: [
      {
        group: [
          '../graph/*',
          '../identity/*',
          '../control/*',
          '../directory/*',
          '../http/*',
          'express',
        ],
        message: 'Tenant data is plain data: no HTTP, no Graph, no identity.',
      },
    ],
  },
  {
    files: ['emulator/src/directory/**/*.ts'],
    patterns: [
      {
        group: ['../identity/*', '../control/*', 'express'],
        message: 'The directory holds state; it knows nothing of HTTP or sign-in.',
      },
    ],
  },
  {
    files: ['emulator/src/graph/**/*.ts'],
    patterns: [
      {
        group: ['**/control/*', '**/identity/*-routes.js', 'express'],
        message: 'Graph handlers are transport-free: HTTP lives in start-emulator.ts.',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/test-results/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in the config module only.',
        },
      ],
    },
  },
  ...layers.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    // Tests may assert presence with `!` after checking it; production code may not.
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
