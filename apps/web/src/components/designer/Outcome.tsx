import type { DesignerState } from '../../designer/designer-reducer';

/** The last run's outcome under the generated SQL. */
export function Outcome({ message }: { readonly message: DesignerState['message'] }) {
  return message ? <div className={`callout ${message.ok ? 'ok' : 'err'}`}>{message.text}</div> : null;
}
