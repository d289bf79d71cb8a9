// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering: each rule names what a folder may not import. The emulator is a test peer and
 * a demo tenant; Roster's own code never depends on it at run time.
 */
const noEmulator = {
  group: ['@roster/emulator', '**/emulator/src/*'],
  message: 'Roster never depends on the emulator at run time; tests start it as a peer.',
};

/**
 * ESLint keeps one `no-restricted-imports` per file (the last matching entry wins), so each
 * api entry repeats `noEmulator`, and the general api entry comes before the specific ones.
 */
const layers = [
  {
    files: ['api/src/**/*.ts'],
    patterns: [noEmulator],
  },
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
  {
    files: ['api/src/domain/**/*.ts'],
    patterns: [
      {
        group: [
          '../*',
          '!../domain',
          '@azure/*',
          '@microsoft/*',
          'express',
          'better-sqlite3',
          'undici',
          'node:fs*',
          'node:http*',
          'node:net',
        ],
        message: 'The domain is pure: it imports nothing outside itself, no SDK and no I/O.',
      },
      noEmulator,
    ],
  },
  {
    // The bot's pure part: cards, their action data and when to post them. The bot runtime
    // beside it (one folder up) speaks to the Agents SDK; cards never import it.
    files: ['api/src/bot/cards/**/*.ts'],
    patterns: [
      {
        // Up the tree, only the domain and the ports.
        regex: '^\\.\\./(?!\\.\\./(?:domain|ports)/)',
        message: 'Cards import the domain and the port types, and nothing else of Roster.',
      },
      {
        group: ['@azure/*', '@microsoft/*', 'express', 'better-sqlite3', 'undici', 'node:*'],
        message: 'Cards are pure: no SDK and no I/O.',
      },
      noEmulator,
    ],
  },
  {
    // The bot runtime: the Agents SDK, its cards, the use cases and the ports. Adapters, the
    // HTTP API and the scheduler are wired to it in server.ts, never imported.
    files: ['api/src/bot/*.ts'],
    patterns: [
      {
        group: [
          '../graph/*',
          '../store/*',
          '../http/*',
          '../scheduler/*',
          '../cli/*',
          '../main.js',
          '../server.js',
          '@azure/*',
          'better-sqlite3',
        ],
        message: 'The bot sees the use cases and the ports; server.ts wires it to the rest.',
      },
      noEmulator,
    ],
  },
  {
    files: ['api/src/ports/**/*.ts'],
    patterns: [
      {
        group: [
          '../graph/*',
          '../store/*',
          '../sync/*',
          '../cli/*',
          '@azure/*',
          '@microsoft/*',
          'express',
          'better-sqlite3',
        ],
        message: 'Ports name what the core needs; they import only the domain.',
      },
      noEmulator,
    ],
  },
  {
    files: ['api/src/sync/**/*.ts', 'api/src/scheduler/**/*.ts'],
    patterns: [
      {
        group: [
          '../graph/*',
          '../store/*',
          '../cli/*',
          '@azure/*',
          '@microsoft/*',
          'express',
          'better-sqlite3',
          'undici',
        ],
        message: 'Use cases see the domain and the ports; adapters are wired in main.ts.',
      },
      noEmulator,
    ],
  },
  {
    files: ['api/src/http/**/*.ts'],
    patterns: [
      {
        group: [
          '**/graph/*',
          '**/store/*',
          '**/scheduler/*',
          '**/bot/*',
          '**/bot/**',
          '@azure/*',
          '@microsoft/*',
          'better-sqlite3',
        ],
        message:
          'The HTTP layer calls use cases and ports; main.ts and server.ts choose adapters and mount the bot.',
      },
      noEmulator,
    ],
  },
  {
    files: ['api/src/graph/**/*.ts', 'api/src/store/**/*.ts'],
    patterns: [
      {
        group: ['../sync/*', '../cli/*', '../graph/*', '../store/*'],
        message:
          'An adapter implements a port; it does not reach into use cases or other adapters.',
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
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    // The one place configuration is read.
    files: ['api/src/config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Supertest hands response bodies over as untyped JSON; the assertions check their shape.
    files: ['api/test/http-*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
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
