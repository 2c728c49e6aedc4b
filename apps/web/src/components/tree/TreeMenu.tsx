import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { TreeAction, TreeNode } from '../../catalog-menu/tree-node';
import { nodeLabel } from '../../catalog-menu/tree-node';
import { treeMenu } from '../../catalog-menu/tree-menu';
import { PopupMenu } from '../PopupMenu';
import './tree.css';

/** Where a tree menu is open: for which node, at which point of the window. */
export interface OpenTreeMenu {
  readonly node: TreeNode;
  readonly x: number;
  readonly y: number;
  /** The button that opened it, to give focus back when it closes (keyboard use). */
  readonly opener?: HTMLElement | null;
}

/**
 * The menu of a tree row (right-click, or its ⋯ button): items from catalog-menu/tree-menu.ts;
 * ArrowUp/ArrowDown/Home/End move, Enter picks, Escape or a click elsewhere closes.
 */
export function TreeMenu({
  open,
  onAction,
  onClose,
}: {
  readonly open: OpenTreeMenu;
  readonly onAction: (node: TreeNode, action: TreeAction) => void;
  readonly onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  const close = () => {
    onClose();
    open.opener?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const to = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') to(at + 1);
    else if (e.key === 'ArrowUp') to(at - 1);
    else if (e.key === 'Home') to(0);
    else if (e.key === 'End') to(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const items = treeMenu(open.node);
  // Kept inside the window: a menu opened near the bottom opens upwards.
  const top = Math.min(open.y, window.innerHeight - 12 - items.length * 29);
  return (
    <PopupMenu
      className="ctx-menu tree-menu"
      left={open.x}
      top={Math.max(8, top)}
      onClose={close}
      menuRef={ref}
      onKeyDown={onKeyDown}
      label={`Actions for ${nodeLabel(open.node)}`}
      testId="tree-menu"
    >
      {items.map((item) => (
        <button
          key={item.action}
          role="menuitem"
          className={item.danger ? 'danger' : undefined}
          data-action={item.action}
          onClick={() => {
            onClose();
            onAction(open.node, item.action);
          }}
        >
          {item.label}
        </button>
      ))}
    </PopupMenu>
  );
}

/** The ⋯ button of a tree row: the keyboard's way to its menu (right-click opens the same). */
export function TreeMenuButton({
  node,
  onOpen,
}: {
  readonly node: TreeNode;
  readonly onOpen: (open: OpenTreeMenu) => void;
}) {
  return (
    <button
      className="btn ghost sm tree-menu-button"
      aria-haspopup="menu"
      aria-label={`Actions for ${nodeLabel(node)}`}
      title="Actions (or right-click)"
      data-testid="tree-menu-button"
      onClick={(e) => {
        e.stopPropagation();
        const r = e.currentTarget.getBoundingClientRect();
        onOpen({ node, x: r.left, y: r.bottom + 2, opener: e.currentTarget });
      }}
      onKeyDown={(e) => e.stopPropagation()}
    >
      ⋯
    </button>
  );
}

/** Props a tree row spreads to open its menu on right-click. */
export function contextMenuOf(node: TreeNode, onOpen: (open: OpenTreeMenu) => void) {
  return {
    onContextMenu: (e: React.MouseEvent) => {
      e.preventDefault();
      e.stopPropagation();
      onOpen({ node, x: e.clientX, y: e.clientY });
    },
  };
}
