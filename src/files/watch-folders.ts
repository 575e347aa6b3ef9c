/**
 * Watching the folders a document is made from. Editors save in bursts (a temporary file, a rename, a second
 * write): changes are gathered until the folders were quiet for a moment, then reported once.
 *
 * Each directory gets a watcher of its own, and a directory made later gets one when it appears. Node 20's
 * `recursive: true` on Linux watches the files themselves: a file replaced by a rename (sed -i, and editors that
 * save through a temporary file) is not seen again after the first replacement. A directory's watch sees every
 * rename into it.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface FolderWatch {
  close: () => void;
}

/** How long the folders must be quiet before a burst of changes is reported. */
const quietMs = 80;

/** Calls `onChange` with the changed files (absolute paths) after each burst of changes in any of the folders. */
export function watchFolders(folders: readonly string[], onChange: (files: string[]) => void): FolderWatch {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watchers = new Map<string, FSWatcher>();
  const report = (): void => {
    timer = undefined;
    const files = [...changed].sort();
    changed.clear();
    onChange(files);
  };
  const noteChange = (file: string): void => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(report, quietMs);
  };
  const watchTree = (dir: string): void => {
    if (watchers.has(dir)) return;
    const watcher = watch(dir, (_event, name) => {
      if (name === null || isEditorScratch(name)) return;
      const file = path.join(dir, name);
      if (isDirectory(file)) watchNewTree(file);
      noteChange(file);
    });
    // A watched directory that was removed ends its watcher; its files were reported by its parent's.
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) watchTree(path.join(dir, entry.name));
    }
  };
  // A directory made after the start may vanish again before it is read: not an error of the watch.
  const watchNewTree = (dir: string): void => {
    try {
      watchTree(dir);
    } catch {
      // Gone again.
    }
  };
  try {
    for (const folder of folders) watchTree(folder);
  } catch (error) {
    for (const watcher of watchers.values()) watcher.close();
    throw error;
  }
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Swap and backup files of vim, Emacs and others: saving a file touches them, they are not part of the edition. */
function isEditorScratch(name: string): boolean {
  const base = path.basename(name);
  return /^\.#|^#.*#$|~$|\.sw[a-p]$|^4913$/.test(base);
}
