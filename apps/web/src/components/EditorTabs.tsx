import { useState } from 'react';
import type { EditorTab } from '../state/workspace';
import { Icon } from './Icon';

interface EditorTabsProps {
  readonly tabs: readonly EditorTab[];
  readonly activeId: string;
  readonly isRunning: (id: string) => boolean;
  readonly onSelect: (id: string) => void;
  readonly onRename: (id: string, title: string) => void;
  readonly onClose: (id: string) => void;
  readonly onNew: () => void;
}

/** The editor's tab strip: select, double-click to rename, close, add. */
export function EditorTabs({
  tabs,
  activeId,
  isRunning,
  onSelect,
  onRename,
  onClose,
  onNew,
}: EditorTabsProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  return (
    <div className="tabs">
      <div className="tabs-scroll" data-testid="editor-tabs" role="tablist">
        {tabs.map((t) => (
          <div
            key={t.id}
            className={`tab${t.id === activeId ? ' on' : ''}`}
            onClick={() => onSelect(t.id)}
            onDoubleClick={() => setRenaming(t.id)}
            data-testid="editor-tab"
            role="tab"
            aria-selected={t.id === activeId}
          >
            {renaming === t.id ? (
              <input
                autoFocus
                defaultValue={t.title}
                onBlur={(e) => {
                  onRename(t.id, e.target.value.trim() || t.title);
                  setRenaming(null);
                }}
                onKeyDown={(e) =>
                  (e.key === 'Enter' || e.key === 'Escape') && (e.target as HTMLInputElement).blur()
                }
              />
            ) : (
              <span>{t.title}</span>
            )}
            {isRunning(t.id) ? <span className="spinner" style={{ width: 10, height: 10 }} /> : null}
            <button
              className="x"
              onClick={(e) => {
                e.stopPropagation();
                onClose(t.id);
              }}
              aria-label={`Close ${t.title}`}
            >
              <Icon name="x" size={10} />
            </button>
          </div>
        ))}
      </div>
      <button className="tab-add" onClick={onNew} title="New tab (Alt+T)" data-testid="new-tab">
        +
      </button>
      <div className="toolbar">
        <span style={{ color: 'var(--faint)', fontSize: 11.5 }}>
          <span className="kbd">Ctrl</span> <span className="kbd">↵</span> statement ·{' '}
          <span className="kbd">⇧</span> <span className="kbd">↵</span> all
        </span>
      </div>
    </div>
  );
}
