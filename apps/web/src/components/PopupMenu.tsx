import type { KeyboardEventHandler, ReactNode, Ref } from 'react';

/** A menu at a point of the window over a transparent layer: a press outside it closes it. */
export function PopupMenu({
  className,
  left,
  top,
  onClose,
  children,
  testId,
  label,
  menuRef,
  onKeyDown,
  role = 'menu',
}: {
  readonly className: string;
  readonly left: number;
  readonly top: number;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  readonly label?: string;
  readonly menuRef?: Ref<HTMLDivElement>;
  readonly onKeyDown?: KeyboardEventHandler<HTMLDivElement>;
  /** `dialog` for a popup that edits (the grid's cell editor, its column list). */
  readonly role?: 'menu' | 'dialog';
}) {
  return (
    <div
      className="overlay"
      style={{ background: 'transparent', backdropFilter: 'none' }}
      onMouseDown={onClose}
    >
      <div
        ref={menuRef}
        className={className}
        style={{ left, top }}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
        role={role}
        aria-label={label}
        data-testid={testId}
      >
        {children}
      </div>
    </div>
  );
}
