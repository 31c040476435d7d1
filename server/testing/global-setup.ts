import type { TestProject } from 'vitest/node';
import { parseConfig } from '../config.ts';
import { pgliteTemplate, postgresTemplate } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    template: { engine: 'pglite'; file: string } | { engine: 'postgresql'; databaseUrl: string; name: string };
  }
}

export default async function setup(project: TestProject) {
  const { databaseUrl } = parseConfig();
  if (databaseUrl) {
    project.provide('template', { engine: 'postgresql', databaseUrl, name: await postgresTemplate(databaseUrl) });
  } else {
    project.provide('template', { engine: 'pglite', file: await pgliteTemplate() });
  }
}
