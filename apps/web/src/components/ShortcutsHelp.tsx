import { Modal } from './Modal';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

const GROUPS: readonly { title: string; items: readonly [string, readonly string[]][] }[] = [
  {
    title: 'Running',
    items: [
      ['Run statement under cursor, or the selection', [MOD, 'Enter']],
      ['Run all statements', ['Shift', 'Enter']],
      ['Explain (plan only; reads at most a small sample to estimate)', [MOD, 'E']],
      ['Cancel the running statement', ['Esc']],
    ],
  },
  {
    title: 'Editor',
    items: [
      ['Completion (tables, columns, _attrs keys)', [MOD, 'Space']],
      ['Toggle line comment', [MOD, '/']],
      ['Format SQL (the selection, or all)', ['Shift', 'Alt', 'F']],
      ['New editor tab', ['Alt', 'T']],
      ['Close editor tab', ['Alt', 'W']],
      ['Switch to tab 1–9', ['Alt', '1…9']],
    ],
  },
  {
    title: 'Workbench',
    items: [
      ['Open the table designer', ['Alt', 'D']],
      ['Toggle light / dark theme', ['Alt', 'L']],
      ['Copy the focused result cell', [MOD, 'C']],
      ['Show this help', ['?']],
    ],
  },
];

/** The keyboard shortcut overlay. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal label="Keyboard shortcuts" title="Keyboard shortcuts" size="mid" onClose={onClose}>
      <div className="dialog-body">
        <div className="shortcuts" data-testid="shortcuts">
          {GROUPS.map((g) => (
            <div key={g.title} style={{ display: 'contents' }}>
              <h4>{g.title}</h4>
              {g.items.map(([label, keys]) => (
                <div key={label} style={{ display: 'contents' }}>
                  <span>{label}</span>
                  <span className="keys">
                    {keys.map((k) => (
                      <span key={k} className="kbd">
                        {k}
                      </span>
                    ))}
                  </span>
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
    </Modal>
  );
}
