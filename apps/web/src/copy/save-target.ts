/** Where an export's bytes go as they arrive. */
export interface SaveTarget {
  write(chunk: Uint8Array): Promise<void>;
  /** The file is complete. */
  close(): Promise<void>;
  /** The export stopped: nothing (or a partial file the browser discards) is kept. */
  abort(): Promise<void>;
}

interface FilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{
    createWritable(): Promise<{
      write(chunk: Uint8Array): Promise<void>;
      close(): Promise<void>;
      abort(): Promise<void>;
    }>;
  }>;
}

/** Saves a blob as a file through a temporary blob: link (the browser shows its download UI). */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A file to stream an export into: written to disk as it arrives where the File System Access API
 * exists (Chromium), else kept as Blob parts and downloaded once complete. Null when the user
 * closed the save dialog.
 */
export async function openSaveTarget(name: string, type: string): Promise<SaveTarget | null> {
  const picker = (window as FilePickerWindow).showSaveFilePicker;
  if (typeof picker === 'function') {
    try {
      const file = await (await picker.call(window, { suggestedName: name })).createWritable();
      return { write: (c) => file.write(c), close: () => file.close(), abort: () => file.abort() };
    } catch (e) {
      if ((e as Error).name === 'AbortError') return null;
      // No user activation left (the cost guard's dialog took long): fall back to a download.
    }
  }
  const parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    write: async (c) => void parts.push(c as Uint8Array<ArrayBuffer>),
    close: async () => download(name, new Blob(parts, { type })),
    abort: async () => void parts.splice(0),
  };
}
