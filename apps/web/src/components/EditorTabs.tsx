import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EditorTab } from '../state/workspace';
import { hiddenTabs, scrollToReveal, type Span } from '../tabs/tab-overflow';
import { Icon } from './Icon';
import { PopupMenu } from './PopupMenu';

interface EditorTabsProps {
  readonly tabs: readonly EditorTab[];
  readonly activeId: string;
  readonly isRunning: (id: string) => boolean;
  readonly onSelect: (id: string) => void;
  readonly onRename: (id: string, title: string) => void;
  readonly onClose: (id: string) => void;
  readonly onNew: () => void;
  /** Formats the selection or the whole editor (Shift+Alt+F). */
  readonly onFormat: () => void;
}

const span = (r: DOMRect): Span => ({ left: r.left, right: r.right });

/** The editor's tab strip: select (the active tab scrolled into view), double-click to rename, close, add, list all. */
export function EditorTabs({
  tabs,
  activeId,
  isRunning,
  onSelect,
  onRename,
  onClose,
  onNew,
  onFormat,
}: EditorTabsProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  /** Where the open overflow menu hangs (under its button's right edge); null: closed. */
  const [menu, setMenu] = useState<{ readonly right: number; readonly top: number } | null>(null);
  const [hidden, setHidden] = useState<readonly boolean[]>([]);
  const strip = useRef<HTMLDivElement>(null);

  /** Which tabs the strip cuts off now (tab-overflow.ts decides). */
  const measure = useCallback(() => {
    const el = strip.current;
    if (!el) return;
    const tabSpans = [...el.children].map((c) => span(c.getBoundingClientRect()));
    const next = hiddenTabs(tabSpans, span(el.getBoundingClientRect()));
    setHidden((now) => (now.length === next.length && now.every((h, i) => h === next[i]) ? now : next));
  }, []);

  /** Scrolls the active tab wholly into view, then measures. */
  const reveal = useCallback(() => {
    const el = strip.current;
    const active = el?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (el && active)
      el.scrollLeft += scrollToReveal(span(active.getBoundingClientRect()), span(el.getBoundingClientRect()));
    measure();
  }, [measure]);
  // The active tab is always in view: after a switch (Alt+2, the menu), a new tab, a close, and
  // when the strip narrows (the window, or the overflow button appearing).
  useLayoutEffect(reveal, [activeId, tabs.length, reveal]);
  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    const observer = new ResizeObserver(reveal);
    observer.observe(el);
    return () => observer.disconnect();
  }, [reveal]);

  const hiddenCount = hidden.filter(Boolean).length;
  return (
    <div className="tabs">
      <div className="tabs-scroll" data-testid="editor-tabs" role="tablist" ref={strip} onScroll={measure}>
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
      {hiddenCount ? (
        <button
          className={`tab-more${menu ? ' on' : ''}`}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            setMenu(menu ? null : { right: r.right, top: r.bottom + 2 });
          }}
          title={`All tabs (${hiddenCount} out of view)`}
          aria-haspopup="menu"
          data-testid="tab-menu"
        >
          <Icon name="more" size={14} />
          <span className="n">{hiddenCount}</span>
        </button>
      ) : null}
      {menu && hiddenCount ? (
        <PopupMenu
          className="ctx-menu tab-menu"
          left={menu.right}
          top={menu.top}
          onClose={() => setMenu(null)}
          testId="tab-menu-list"
        >
          {tabs.map((t, i) => (
            <button
              key={t.id}
              role="menuitem"
              className={`${t.id === activeId ? 'on' : ''}${hidden[i] ? ' hidden' : ''}`}
              onClick={() => {
                onSelect(t.id);
                setMenu(null);
              }}
              data-testid="tab-menu-item"
            >
              <span className="title">{t.title}</span>
              {isRunning(t.id) ? <span className="spinner" style={{ width: 10, height: 10 }} /> : null}
              {i < 9 ? <span className="kbd">Alt {i + 1}</span> : null}
            </button>
          ))}
        </PopupMenu>
      ) : null}
      <div className="toolbar">
        <button
          className="btn sm ghost"
          onClick={onFormat}
          title="Format SQL (Shift+Alt+F): the selection, or the whole editor"
          data-testid="format-sql"
        >
          <Icon name="format" size={12} /> Format
        </button>
        <span style={{ color: 'var(--faint)', fontSize: 11.5 }}>
          <span className="kbd">Ctrl</span> <span className="kbd">↵</span> statement ·{' '}
          <span className="kbd">⇧</span> <span className="kbd">↵</span> all
        </span>
      </div>
    </div>
  );
}
