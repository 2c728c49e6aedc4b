import { useState, type MouseEvent, type RefObject } from 'react';

/** The editor's share of the main area, dragged with the splitter between 18% and 80%. */
export function useSplit(area: RefObject<HTMLElement | null>, initial = 0.4) {
  const [fraction, setFraction] = useState(initial);
  const startDrag = (e: MouseEvent) => {
    e.preventDefault();
    const el = area.current;
    if (!el) return;
    const handle = e.currentTarget as HTMLElement;
    handle.classList.add('dragging');
    const rect = el.getBoundingClientRect();
    const move = (ev: globalThis.MouseEvent) =>
      setFraction(Math.min(0.8, Math.max(0.18, (ev.clientY - rect.top) / rect.height)));
    const up = () => {
      handle.classList.remove('dragging');
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };
  return { fraction, startDrag };
}
