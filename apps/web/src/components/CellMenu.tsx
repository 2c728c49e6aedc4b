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
    <div
      className="overlay"
      style={{ background: 'transparent', backdropFilter: 'none' }}
      onMouseDown={onClose}
    >
      <div
        className="ctx-menu"
        style={{ left: x, top: y }}
        onMouseDown={(e) => e.stopPropagation()}
        data-testid="cell-menu"
        role="menu"
      >
        {item('copy-value', 'Copy value')}
        {item('copy-row', 'Copy row (tab-separated)')}
        {item('copy-row-json', 'Copy row as JSON')}
        {canOpenJson ? item('open-json', 'Open in JSON viewer') : null}
      </div>
    </div>
  );
}
