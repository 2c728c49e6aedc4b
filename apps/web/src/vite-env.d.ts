/// <reference types="vite/client" />

/** Monaco's Postgres grammar (plain data; the package ships no types for it). */
declare module 'monaco-editor/languages/definitions/pgsql/pgsql' {
  import type { languages } from 'monaco-editor';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage & {
    readonly keywords: string[];
    readonly operators: string[];
    readonly builtinFunctions: string[];
    readonly builtinVariables: string[];
  };
}
