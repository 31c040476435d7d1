// Runs in every test worker before its files (vitest setupFiles). Accounts are hashed at a tiny
// argon2id cost here so that suites creating many of them stay fast; the production default is
// tested apart (server/accounts/password.test.ts) and never lowered.
import { usePasswordCost } from '../accounts/password.ts';

usePasswordCost({ memoryKiB: 1024, passes: 1, parallelism: 1 });
