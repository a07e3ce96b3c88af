/**
 * The list of journal migrations, in order. Append-only: add a line (and a numbered .sql file beside
 * this module); never edit, renumber or remove one that has shipped.
 *
 * WHY a hand-kept list read relative to `import.meta.url` (and not a directory scan or
 * `import.meta.glob`): it runs unchanged under tsx and vitest, needs no code generation, and a bundler
 * sees each file as a `new URL('./x.sql', import.meta.url)` asset reference, which Vite copies into the
 * build (or, for an unbundled main process, the .sql files ship beside this module). A test checks
 * that this list and the folder agree, so a forgotten line fails CI rather than a shop.
 */
export type MigrationFile = {
  /** 1, 2, 3… with no gaps; the number in the file name. */
  version: number;
  /** The file name, e.g. `0001_initial.sql`. */
  name: string;
  /** Where the SQL text is read from. */
  url: URL;
};

export const migrationFiles: readonly MigrationFile[] = [
  { version: 1, name: '0001_initial.sql', url: new URL('./0001_initial.sql', import.meta.url) },
  { version: 2, name: '0002_sale_request.sql', url: new URL('./0002_sale_request.sql', import.meta.url) },
  { version: 3, name: '0003_sale_attention.sql', url: new URL('./0003_sale_attention.sql', import.meta.url) },
];
