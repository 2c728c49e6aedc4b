import { PopupMenu } from './PopupMenu';

interface CellMenuProps {
  readonly x: number;
  readonly y: number;
  readonly canOpenJson: boolean;
  readonly onAction: (action: 'copy-value' | 'copy-row' | 'copy-row-json' | 'open-json') => void;
  readonly onClose: () => void;
}

/** Right-click menu of a result cell. */
export function CellMenu({ x, y, canOpenJson, onAction, onClose }: CellMenuProps) {
  const item = (action: Parameters<CellMenuProps['onAction']>[0], label: string) => (
    <button
      onClick={() => {
        onAction(action);
        onClose();
      }}
    >
      {label}
    </button>
  );
  return (
    <PopupMenu className="ctx-menu" left={x} top={y} onClose={onClose} testId="cell-menu">
      {item('copy-value', 'Copy value')}
      {item('copy-row', 'Copy row (tab-separated)')}
      {item('copy-row-json', 'Copy row as JSON')}
      {canOpenJson ? item('open-json', 'Open in JSON viewer') : null}
    </PopupMenu>
  );
}
