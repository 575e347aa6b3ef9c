/**
 * Watching the folders a document is made from. Editors save in bursts (a temporary file, a rename, a second
 * write): changes are gathered until the folders were quiet for a moment, then reported once.
 */
import { watch, type FSWatcher } from 'node:fs';
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
  const watchers: FSWatcher[] = [];
  const report = (): void => {
    timer = undefined;
    const files = [...changed].sort();
    changed.clear();
    onChange(files);
  };
  try {
    for (const folder of folders) {
      const watcher = watch(folder, { recursive: true }, (_event, name) => {
        if (name === null || isEditorScratch(name)) return;
        changed.add(path.join(folder, name));
        clearTimeout(timer);
        timer = setTimeout(report, quietMs);
      });
      watchers.push(watcher);
    }
  } catch (error) {
    for (const watcher of watchers) watcher.close();
    throw error;
  }
  return {
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** Swap and backup files of vim, Emacs and others: saving a file touches them, they are not part of the edition. */
function isEditorScratch(name: string): boolean {
  const base = path.basename(name);
  return /^\.#|^#.*#$|~$|\.sw[a-p]$|^4913$/.test(base);
}
