import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter';
import '@fontsource-variable/jetbrains-mono';
import './editor/monaco-setup';
import './styles.css';
import { takeTokenFromUrl, TOKEN_KEY } from './api/token';
import { App } from './App';

// The API opens `/?token=...`: keep the token, then take it out of the address bar and history.
const { token, cleanPath } = takeTokenFromUrl(window.location.href);
if (token) {
  localStorage.setItem(TOKEN_KEY, token);
  window.history.replaceState(null, '', cleanPath);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
