import { DemoFillStatus } from './DemoFillStatus';
import { Icon } from './Icon';

interface TopBarProps {
  readonly running: boolean;
  readonly online: boolean;
  readonly offlineReason: string | null;
  readonly theme: 'light' | 'dark';
  readonly threshold: number;
  readonly onRun: () => void;
  readonly onRunAll: () => void;
  readonly onExplain: () => void;
  readonly onCancel: () => void;
  readonly onThreshold: (n: number) => void;
  readonly onToggleTheme: () => void;
  readonly onHelp: () => void;
  readonly onConnect: () => void;
}

/** Brand, run controls, connection state, cost-guard threshold, theme and help. */
export function TopBar(p: TopBarProps) {
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="db" size={14} />
        </span>
        Dynascope <small>SQL for DynamoDB</small>
      </div>
      <button
        className="btn primary"
        onClick={p.running ? p.onCancel : p.onRun}
        data-testid="run"
        title="Run statement under cursor (Ctrl+Enter)"
      >
        {p.running ? (
          <>
            <Icon name="stop" size={11} /> Cancel
          </>
        ) : (
          <>
            <Icon name="play" size={11} /> Run <span className="kbd">Ctrl ↵</span>
          </>
        )}
      </button>
      <button
        className="btn"
        onClick={p.onRunAll}
        disabled={p.running}
        data-testid="run-all"
        title="Run all statements (Shift+Enter)"
      >
        <Icon name="playAll" size={12} /> Run all
      </button>
      <button
        className="btn"
        onClick={p.onExplain}
        disabled={p.running}
        data-testid="explain"
        title="Explain (Ctrl+E)"
      >
        <Icon name="plan" size={13} /> Explain
      </button>
      <div className="spacer" />
      <DemoFillStatus />
      <span className="conn" title={p.online ? 'Connected to the Dynascope API' : (p.offlineReason ?? '')}>
        <span className={`dot${p.online ? '' : ' off'}`} />{' '}
        <span className="conn-label">{p.online ? 'Connected' : 'Offline'}</span>
      </span>
      <label
        className="conn"
        title="The cost guard asks before running a Scan estimated above this"
        style={{ gap: 6 }}
      >
        Guard
        <input
          className="input"
          type="number"
          min={0}
          value={p.threshold}
          onChange={(e) => p.onThreshold(Math.max(0, Number(e.target.value) || 0))}
          style={{ width: 64, height: 26 }}
          aria-label="Scan RCU threshold"
          data-testid="threshold"
        />
        RCU
      </label>
      <button
        className="btn ghost"
        onClick={p.onConnect}
        title="Connect psql, JDBC and other Postgres clients"
        data-testid="connect-open"
      >
        Connect
      </button>
      <button
        className="btn ghost icon"
        onClick={p.onToggleTheme}
        title="Toggle theme (Alt+L)"
        data-testid="theme"
      >
        <Icon name={p.theme === 'dark' ? 'sun' : 'moon'} />
      </button>
      <button className="btn ghost icon" onClick={p.onHelp} title="Keyboard shortcuts (?)" data-testid="help">
        <Icon name="keyboard" />
      </button>
    </header>
  );
}
