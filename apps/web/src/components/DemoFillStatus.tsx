import { demoFillLabel } from '../app/demo-fill-label';
import { useDemoFill } from '../app/use-demo-fill';

/** "Loading demo events 42,000 / 200,000" in the top bar while a first start fills the demo. */
export function DemoFillStatus() {
  const label = demoFillLabel(useDemoFill());
  if (!label) return null;
  return (
    <span className="conn" title={label.title} data-testid="demo-fill" role="status">
      {label.text}
    </span>
  );
}
