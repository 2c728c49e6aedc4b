import { useEffect, type ReactNode } from 'react';
import { Icon } from './Icon';

interface ModalProps {
  readonly title: ReactNode;
  readonly subtitle?: ReactNode;
  readonly icon?: ReactNode;
  readonly size?: 'normal' | 'mid' | 'wide';
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  readonly label: string;
}

/** A dialog over a dimmed page; Escape and the backdrop close it. */
export function Modal({
  title,
  subtitle,
  icon,
  size = 'normal',
  onClose,
  children,
  footer,
  label,
}: ModalProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`dialog ${size === 'normal' ? '' : size}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
      >
        <div className="dialog-head">
          {icon}
          <div>
            <h2>{title}</h2>
            {subtitle ? <p>{subtitle}</p> : null}
          </div>
          <button className="btn ghost icon close" onClick={onClose} aria-label="Close">
            <Icon name="x" />
          </button>
        </div>
        {children}
        {footer ? <div className="dialog-foot">{footer}</div> : null}
      </div>
    </div>
  );
}
