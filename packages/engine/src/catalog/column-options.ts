import { catchAllColumn } from './catch-all';
import { checkOptionNames } from './options';
import { EngineError, SqlState } from '../errors';

/** The options of a foreign table's column. */
export const COLUMN_OPTIONS = ['attribute'] as const;

/**
 * A foreign table's column options, checked after its DDL: only `attribute`; a non-empty name
 * (22023); not on the catch-all, which reads every attribute no column covers (22023); each attribute
 * read by one column only, whether named by the option or by the column's own name (42701).
 */
export function validateColumnOptions(
  table: { readonly options: Readonly<Record<string, string>> },
  columns: readonly {
    readonly name: string;
    readonly typname: string;
    readonly fdwOptions: Readonly<Record<string, string>>;
  }[],
): void {
  for (const c of columns) {
    checkOptionNames(Object.keys(c.fdwOptions), COLUMN_OPTIONS);
    const attribute = c.fdwOptions.attribute;
    if (attribute === undefined) continue;
    if (attribute === '')
      throw new EngineError(
        SqlState.invalidParameterValue,
        `invalid value for option "attribute" of column "${c.name}": ""`,
        {
          hint: 'the name of the DynamoDB attribute the column reads and writes',
        },
      );
  }
  const catchAll = catchAllColumn({ options: table.options, columns });
  if (catchAll?.fdwOptions.attribute !== undefined && catchAll.fdwOptions.attribute !== catchAll.name)
    throw new EngineError(
      SqlState.invalidParameterValue,
      `the catch-all column "${catchAll.name}" cannot have option "attribute"`,
      { hint: 'it reads every attribute no other column reads' },
    );
  const seen = new Map<string, string>();
  for (const c of columns) {
    const attribute = c.fdwOptions.attribute ?? c.name;
    const other = seen.get(attribute);
    if (other !== undefined)
      throw new EngineError(
        SqlState.duplicateColumn,
        `columns "${other}" and "${c.name}" both read the DynamoDB attribute "${attribute}"`,
        { hint: `give one of them another attribute: options (attribute '...')` },
      );
    seen.set(attribute, c.name);
  }
}
