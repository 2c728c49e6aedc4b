/** Small stroke icons (16px grid) so the bundle needs no icon font. */
const PATHS = {
  play: 'M5 3.5v9l7.5-4.5z',
  playAll: 'M3 3.5v9l6-4.5zM9 3.5v9l6-4.5z',
  plan: 'M2.5 3.5h11M2.5 8h7M2.5 12.5h9',
  plus: 'M8 3v10M3 8h10',
  x: 'M4 4l8 8M12 4l-8 8',
  chevron: 'M6 4l4 4-4 4',
  db: 'M3 4c0-1.1 2.2-2 5-2s5 .9 5 2-2.2 2-5 2-5-.9-5-2zM3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2',
  table: 'M2.5 3.5h11v9h-11zM2.5 6.5h11M6.5 6.5v6',
  folder: 'M2 4.5h4.5l1.5 1.5H14v6.5H2z',
  server: 'M2.5 3h11v4h-11zM2.5 9h11v4h-11zM5 5h.01M5 11h.01',
  column: 'M6 3v10M10 3v10',
  sun: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z',
  keyboard: 'M1.5 4h13v8h-13zM4 6.5h.01M6.5 6.5h.01M9 6.5h.01M11.5 6.5h.01M4.5 9.5h7',
  download: 'M8 2.5v8M4.5 7L8 10.5 11.5 7M3 13.5h10',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  stop: 'M4 4h8v8H4z',
  alert: 'M8 2l6.5 11.5h-13zM8 6.5v3M8 11.5h.01',
  bolt: 'M9 1.5L3.5 9H8l-1 5.5L12.5 7H8z',
  clock: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5v3l2 1.5',
  history: 'M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.5H5M8 5v3l2 1.5',
  wand: 'M3 13l7-7M9 3.5l.5-1.5.5 1.5 1.5.5-1.5.5-.5 1.5-.5-1.5L7.5 4zM12.5 7.5l.5-1 .5 1 1 .5-1 .5-.5 1-.5-1-1-.5z',
  next: 'M3 8h9M8.5 4.5L12 8l-3.5 3.5',
  braces:
    'M5.5 2.5c-1.5 0-2 .5-2 2v1.5c0 1-.5 1.5-1.5 2 1 .5 1.5 1 1.5 2v1.5c0 1.5.5 2 2 2M10.5 2.5c1.5 0 2 .5 2 2v1.5c0 1 .5 1.5 1.5 2-1 .5-1.5 1-1.5 2v1.5c0 1.5-.5 2-2 2',
  key: 'M10 2.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM7.5 8.5L2.5 13.5M4 12l1.5 1.5',
  refresh: 'M13 8a5 5 0 1 1-1.5-3.5M13 2.5v3h-3',
  search: 'M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zM10.3 10.3l3.2 3.2',
  arrowUp: 'M8 13V3M4.5 6.5L8 3l3.5 3.5',
  arrowDown: 'M8 3v10M4.5 9.5L8 13l3.5-3.5',
  sort: 'M5 6l3-3 3 3M5 10l3 3 3-3',
  info: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 7.5v3.5M8 5h.01',
  format: 'M2.5 3.5h11M5 6.5h8.5M5 9.5h8.5M2.5 12.5h11',
  more: 'M4 8h.01M8 8h.01M12 8h.01',
  join: 'M6 3.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zM10 3.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9z',
  pencil: 'M3 13l1-3.5 7-7 2.5 2.5-7 7zM9.5 4l2.5 2.5',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5',
  panelLeft: 'M2.5 3h11v10h-11zM6 3v10',
  panelRight: 'M2.5 3h11v10h-11zM10 3v10',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  const filled = name === 'play' || name === 'playAll' || name === 'stop' || name === 'bolt';
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" style={{ flex: 'none' }}>
      <path
        d={PATHS[name]}
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth={filled ? 0.8 : 1.4}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
